package dev.rivet.state;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One file a chunk wrote. A chunk writes files 0, 1, … (several when file rotation splits it);
 * writing a chunk again replaces all of its file records.
 *
 * @param fileIndex the file's position within its chunk, from 0
 * @param path where the file was written, as the destination names it (local path or URI)
 * @param sha256 lower-case hex SHA-256 of the file's bytes, or null when it was not computed
 */
public record FileRecord(
    String runId, int chunkIndex, int fileIndex, String path, long rows, long bytes, String sha256)
    implements Serializable {
  public FileRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(path, "path");
    if (chunkIndex < 0 || fileIndex < 0) {
      throw new IllegalArgumentException(
          "file "
              + path
              + ": chunk and file index must be >= 0, got "
              + chunkIndex
              + " and "
              + fileIndex);
    }
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "file " + path + ": rows and bytes must be >= 0, got " + rows + " and " + bytes);
    }
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "file " + path + ": sha256 must be 64 hex digits, got '" + sha256 + "'");
      }
    }
  }

  /** The first (or only) file of a chunk. */
  public FileRecord(
      String runId, int chunkIndex, String path, long rows, long bytes, String sha256) {
    this(runId, chunkIndex, 0, path, rows, bytes, sha256);
  }
}
