package dev.rivet.state.jdbc;

import dev.rivet.kernel.file.WrittenFile;
import java.util.List;

/** Checks that files are one chunk's files 0, 1, … in order, before any of them is stored. */
final class WrittenFiles {
  private WrittenFiles() {}

  static void check(String runId, int chunkIndex, List<WrittenFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "run " + runId + " chunk " + chunkIndex + ": a written chunk has at least one file");
    }
    for (int i = 0; i < files.size(); i++) {
      WrittenFile file = files.get(i);
      if (!file.runId().equals(runId) || file.chunkIndex() != chunkIndex) {
        throw new IllegalArgumentException(
            "file "
                + file.path()
                + " belongs to run "
                + file.runId()
                + " chunk "
                + file.chunkIndex()
                + ", not run "
                + runId
                + " chunk "
                + chunkIndex);
      }
      if (file.fileIndex() != i) {
        throw new IllegalArgumentException(
            "run "
                + runId
                + " chunk "
                + chunkIndex
                + ": file "
                + file.path()
                + " has file index "
                + file.fileIndex()
                + " but is file "
                + i
                + " of the chunk; files are numbered 0, 1, … in order");
      }
    }
  }
}
