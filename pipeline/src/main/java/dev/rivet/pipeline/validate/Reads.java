package dev.rivet.pipeline.validate;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** Looks a recorded path up on its Beam file system: local path, {@code s3://} or {@code gs://}. */
final class Reads {
  private Reads() {}

  /**
   * The file at {@code path}, or empty when nothing is there.
   *
   * @throws IOException when the file system cannot tell (no access, unreachable)
   */
  static Optional<MatchResult.Metadata> find(String path) throws IOException {
    MatchResult match = FileSystems.match(List.of(path), EmptyMatchTreatment.ALLOW).get(0);
    switch (match.status()) {
      case OK:
        List<MatchResult.Metadata> found = match.metadata();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
      case NOT_FOUND:
        return Optional.empty();
      default:
        // metadata() throws the file system's own exception.
        match.metadata();
        throw new IOException("cannot look up " + path + " (" + match.status() + ")");
    }
  }
}
