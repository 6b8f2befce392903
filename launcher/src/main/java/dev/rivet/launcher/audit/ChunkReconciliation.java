package dev.rivet.launcher.audit;

import dev.rivet.kernel.plan.Chunk;
import java.util.Objects;

/**
 * One chunk's source count against the rows its file holds according to the state store.
 *
 * @param sourceRows rows the source holds in the chunk's key range now
 * @param fileRows rows the state store recorded for the chunk's file
 */
public record ChunkReconciliation(Chunk chunk, long sourceRows, long fileRows) {
  public ChunkReconciliation {
    Objects.requireNonNull(chunk, "chunk");
    if (sourceRows < 0 || fileRows < 0) {
      throw new IllegalArgumentException("chunk " + chunk.index() + ": counts must be >= 0");
    }
  }

  /** Source rows minus file rows: positive when the source holds more rows than the file. */
  public long difference() {
    return sourceRows - fileRows;
  }

  public boolean matches() {
    return sourceRows == fileRows;
  }
}
