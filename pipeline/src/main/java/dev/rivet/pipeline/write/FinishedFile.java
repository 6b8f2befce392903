package dev.rivet.pipeline.write;

import dev.rivet.kernel.shape.ColumnProfile;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A completed file: its row count, its size and SHA-256 over exactly the bytes written, and counts
 * of values written differently from the source (e.g. {@code infinity_clamped}).
 *
 * @param sha256 lowercase hex
 * @param profile per column, the NULLs and longest value written; empty when not profiled
 */
public record FinishedFile(
    long rows, long bytes, String sha256, Map<String, Long> warnings, List<ColumnProfile> profile)
    implements Serializable {
  public FinishedFile {
    Objects.requireNonNull(sha256, "sha256");
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException("rows and bytes must be >= 0");
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
    }
    warnings = Map.copyOf(warnings);
    profile = profile == null ? List.of() : List.copyOf(profile);
  }

  /** A file without a column profile. */
  public FinishedFile(long rows, long bytes, String sha256, Map<String, Long> warnings) {
    this(rows, bytes, sha256, warnings, List.of());
  }
}
