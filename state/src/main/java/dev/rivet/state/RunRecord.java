package dev.rivet.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One run as the state store last recorded it. Timestamps are kept to the microsecond; {@code
 * runner}, {@code startedAt}, {@code finishedAt} and the error fields are null until set.
 *
 * @param createdAt the plan's creation time
 * @param rows rows written, set when the run is published
 * @param errorClass the failure kind or exception class that failed the run
 */
public record RunRecord(
    String runId,
    String export,
    RunStatus status,
    String runner,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long rows,
    long files,
    long bytes,
    int chunkCount,
    String errorClass,
    String errorMessage) {
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    if (rows < 0 || files < 0 || bytes < 0 || chunkCount < 0) {
      throw new IllegalArgumentException("run " + runId + ": counts must be >= 0");
    }
  }

  /**
   * Whether this is a plan stored by {@code rivet plan} that never ran ({@link RunStatus#PLANNED}):
   * listings leave such plans out of "runs" unless asked for them.
   */
  public boolean planOnly() {
    return status == RunStatus.PLANNED;
  }
}
