package dev.rivet.state;

import dev.rivet.kernel.plan.KeyType;
import java.time.Instant;
import java.util.Objects;

/**
 * The stored high-water mark of an incremental export: rows with a cursor up to {@code mark} were
 * published by run {@code runId}.
 *
 * @param cursor the cursor it is a mark of, e.g. {@code COALESCE(updated_at, created_at)}
 */
public record CursorMark(
    String export, String cursor, KeyType type, String mark, String runId, Instant updatedAt) {
  public CursorMark {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mark, "mark");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
