package dev.rivet.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One chunk of a run as the state store last recorded it. Bounds are the plan's (null = open);
 * timestamps are kept to the microsecond and are null until set.
 *
 * @param attempts how many times the chunk was started
 * @param rows rows of the chunk's written file, 0 until written
 */
public record ChunkRecord(
    String runId,
    int chunkIndex,
    String lowerInclusive,
    String upperExclusive,
    ChunkStatus status,
    int attempts,
    long rows,
    Instant startedAt,
    Instant finishedAt,
    String errorClass,
    String errorMessage) {
  public ChunkRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    if (chunkIndex < 0 || attempts < 0 || rows < 0) {
      throw new IllegalArgumentException(
          "run " + runId + " chunk " + chunkIndex + ": index, attempts and rows must be >= 0");
    }
  }
}
