package dev.rivet.pipeline.files;

import dev.rivet.kernel.file.WrittenFile;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Whether a written file is still where it was written, with the size it was written with: looked
 * up through Beam's FileSystems (local disk, S3, GCS), one metadata lookup per file, no data read.
 * The size is the check every store gives cheaply; a file replaced by one of the same size is not
 * detected.
 */
public final class FilePresence {
  private FilePresence() {}

  /** What is wrong with {@code file} at its path, or empty when it is there with its size. */
  public static Optional<String> problem(WrittenFile file) {
    MatchResult match;
    try {
      match = FileSystems.match(List.of(file.path()), EmptyMatchTreatment.ALLOW).get(0);
    } catch (IOException e) {
      return Optional.of("cannot be looked up (" + e.getMessage() + ")");
    }
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return Optional.of("is missing");
    }
    if (match.status() != MatchResult.Status.OK) {
      return Optional.of("cannot be looked up (status " + match.status() + ")");
    }
    List<MatchResult.Metadata> found;
    try {
      found = match.metadata();
    } catch (IOException e) {
      return Optional.of("cannot be looked up (" + e.getMessage() + ")");
    }
    if (found.isEmpty()) {
      return Optional.of("is missing");
    }
    long size = found.get(0).sizeBytes();
    if (found.size() != 1 || size != file.bytes()) {
      return Optional.of("is " + size + " bytes but was written with " + file.bytes() + " bytes");
    }
    return Optional.empty();
  }

  /** The file is where it was written, with the size it was written with. */
  public static boolean intact(WrittenFile file) {
    return problem(file).isEmpty();
  }
}
