package dev.rivet.pipeline;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One published data file of a run: the chunk it holds, where it is, and what is in it.
 *
 * @param path the file's final location (a local path or a URI)
 * @param sha256 lowercase hex digest of the file's bytes
 * @param warnings counted value adjustments, e.g. {@code infinity_clamped -> 3}
 */
public record FileResult(
    String runId,
    String export,
    int chunkIndex,
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
    warnings = Map.copyOf(warnings);
  }
}
