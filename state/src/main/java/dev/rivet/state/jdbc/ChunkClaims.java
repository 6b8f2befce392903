package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.first;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Claims on the {@code chunks} table: which worker holds a chunk, until when. Claim times are the
 * lease clock's, so workers on hosts with skewed clocks agree on when a claim expired.
 */
final class ChunkClaims {
  private final StoreDialect dialect;

  ChunkClaims(StoreDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Picks the lowest claimable chunk, skipping rows another claimer has locked, and marks it
   * RUNNING for {@code worker}. Claimable: PLANNED; FAILED with fewer than {@code maxAttempts}
   * attempts and no live claim (its worker gave up or died); RUNNING under an expired claim. A
   * RUNNING chunk with no claim belongs to a pipeline run and is never taken.
   */
  Optional<Integer> claim(
      Connection c, String runId, String worker, Duration ttl, int maxAttempts, Instant now)
      throws SQLException {
    Instant clock = dialect.leaseClock(c);
    Object at = dialect.instant(clock);
    Optional<Integer> picked =
        first(
            c,
            "SELECT chunk_index FROM chunks WHERE run_id = ? AND (status = ?"
                + " OR (status = ? AND attempts < ? AND (claim_expires_at IS NULL"
                + " OR claim_expires_at <= ?))"
                + " OR (status = ? AND claim_expires_at <= ?))"
                + " AND EXISTS (SELECT 1 FROM runs WHERE runs.run_id = chunks.run_id"
                + " AND runs.status IN (?, ?))"
                + " ORDER BY chunk_index LIMIT 1"
                + dialect.lockRowsSkippingLocked(),
            rs -> rs.getInt(1),
            runId,
            ChunkStatus.PLANNED.wireValue(),
            ChunkStatus.FAILED.wireValue(),
            maxAttempts,
            at,
            ChunkStatus.RUNNING.wireValue(),
            at,
            RunStatus.PLANNED.wireValue(),
            RunStatus.RUNNING.wireValue());
    if (picked.isPresent()) {
      update(
          c,
          "UPDATE chunks SET status = ?, attempts = attempts + 1, started_at = ?,"
              + " finished_at = NULL, error_class = NULL, error_message = NULL, claimed_by = ?,"
              + " claim_expires_at = ? WHERE run_id = ? AND chunk_index = ?",
          ChunkStatus.RUNNING.wireValue(),
          dialect.instant(now),
          worker,
          dialect.instant(clock.plus(ttl)),
          runId,
          picked.get());
    }
    return picked;
  }

  boolean renew(Connection c, String runId, int chunkIndex, String worker, Duration ttl)
      throws SQLException {
    Instant clock = dialect.leaseClock(c);
    return update(
            c,
            "UPDATE chunks SET claim_expires_at = ? WHERE run_id = ? AND chunk_index = ?"
                + " AND claimed_by = ? AND status IN (?, ?)",
            dialect.instant(clock.plus(ttl)),
            runId,
            chunkIndex,
            worker,
            ChunkStatus.RUNNING.wireValue(),
            ChunkStatus.FAILED.wireValue())
        > 0;
  }
}
