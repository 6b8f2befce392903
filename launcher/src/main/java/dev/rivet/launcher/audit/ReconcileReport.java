package dev.rivet.launcher.audit;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of counting a run's chunk ranges in the source: one {@link ChunkReconciliation} per
 * planned chunk, by index. It matches exactly when every chunk does.
 *
 * @param source what the export reads, e.g. {@code table public.orders}
 * @param splitKey the column the chunk ranges are over, null for a single-read export
 */
public record ReconcileReport(
    String runId, String export, String source, String splitKey, List<ChunkReconciliation> chunks) {
  public ReconcileReport {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(source, "source");
    chunks = List.copyOf(chunks);
  }

  public boolean matches() {
    return chunks.stream().allMatch(ChunkReconciliation::matches);
  }

  public long mismatchedChunks() {
    return chunks.stream().filter(c -> !c.matches()).count();
  }

  public long sourceRows() {
    return chunks.stream().mapToLong(ChunkReconciliation::sourceRows).sum();
  }

  public long fileRows() {
    return chunks.stream().mapToLong(ChunkReconciliation::fileRows).sum();
  }
}
