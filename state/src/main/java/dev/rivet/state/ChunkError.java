package dev.rivet.state;

import java.time.Instant;
import java.util.Objects;

/** One failed attempt of a chunk: which attempt, the failure's class and message, and when. */
public record ChunkError(
    int chunkIndex, int attempt, String errorClass, String message, Instant failedAt) {
  public ChunkError {
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(failedAt, "failedAt");
  }
}
