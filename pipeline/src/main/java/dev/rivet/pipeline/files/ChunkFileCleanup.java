package dev.rivet.pipeline.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Removes the data files a chunk left behind, on any Beam file system, without listing the run
 * folder. It relies on one invariant that every writer of chunk files keeps: a chunk's final files
 * on disk are always its files 0..n-1 for some n. Files are completed (renamed) in ascending order
 * and deleted in descending order, so neither a failure nor a kill in between leaves a gap, and
 * every leftover is found by counting up from the first file that should not exist.
 */
public final class ChunkFileCleanup {
  private ChunkFileCleanup() {}

  /**
   * Deletes the chunk's files numbered {@code first} and up, highest first; files below {@code
   * first} are kept.
   *
   * @return the files deleted, lowest first
   */
  public static List<ResourceId> deleteFrom(RunLayout layout, int chunkIndex, int first)
      throws IOException {
    if (!layout.numbersFiles() && first > 0) {
      return List.of();
    }
    List<ResourceId> existing = new ArrayList<>();
    for (int file = first; ; file++) {
      ResourceId candidate = layout.dataFile(chunkIndex, file);
      if (!exists(candidate)) {
        break;
      }
      existing.add(candidate);
      if (!layout.numbersFiles()) {
        break;
      }
    }
    for (int i = existing.size() - 1; i >= 0; i--) {
      FileSystems.delete(List.of(existing.get(i)), StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return existing;
  }

  private static boolean exists(ResourceId file) throws IOException {
    return !FileSystems.match(file.toString(), EmptyMatchTreatment.ALLOW).metadata().isEmpty();
  }
}
