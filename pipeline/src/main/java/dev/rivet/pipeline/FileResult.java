package dev.rivet.pipeline;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One published data file of a run: the chunk it holds part of, where it is, and what is in it.
 *
 * @param fileIndex the file's position within its chunk, from 0; a chunk has several files only
 *     when file rotation split it
 * @param path the file's final location (a local path or a URI)
 * @param sha256 lowercase hex digest of the file's bytes
 * @param warnings counted value adjustments, e.g. {@code infinity_clamped -> 3}
 */
public record FileResult(
    String runId,
    String export,
    int chunkIndex,
    int fileIndex,
    String path,
    long rows,
    long bytes,
    String sha256,
    Map<String, Long> warnings)
    implements Serializable {
  public FileResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (chunkIndex < 0 || fileIndex < 0) {
      throw new IllegalArgumentException("file " + path + ": chunk and file index must be >= 0");
    }
    warnings = Map.copyOf(warnings);
  }
}
