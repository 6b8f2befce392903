package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.first;
import static dev.rivet.state.jdbc.Statements.query;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.state.Lease;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code leases} table: at most one holder per export, until its lease expires. */
final class LeaseTable {
  private final StoreDialect dialect;
  private final StateRows rows;

  LeaseTable(StoreDialect dialect, StateRows rows) {
    this.dialect = dialect;
    this.rows = rows;
  }

  /**
   * Takes the export's lease for {@code holder} when it is free, expired or already {@code
   * holder}'s: one upsert whose condition is checked against the row it locks, so of two concurrent
   * callers exactly one wins. A lease that passes to a new holder gets the export's next token.
   */
  Lease acquire(Connection c, String export, String holder, String holderProcess, Duration ttl)
      throws SQLException {
    Instant now = dialect.leaseClock(c);
    Optional<Lease> before = find(c, export);
    update(
        c,
        "INSERT INTO leases (export_name, holder, acquired_at, expires_at, holder_process)"
            + " VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (export_name) DO UPDATE SET holder = excluded.holder,"
            + " acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at"
            + " ELSE excluded.acquired_at END, expires_at = excluded.expires_at,"
            + " holder_process = excluded.holder_process"
            + " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
        export,
        holder,
        dialect.instant(now),
        dialect.instant(now.plus(ttl)),
        holderProcess,
        dialect.instant(now));
    Lease after = find(c, export).orElseThrow(() -> vanished(export));
    boolean passedToHolder =
        after.isHeldBy(holder) && (before.isEmpty() || !before.get().isHeldBy(holder));
    return passedToHolder ? withNextToken(c, after) : after;
  }

  /** Replaces exactly {@code previous} (same holder and token) with {@code holder}'s lease. */
  Optional<Lease> takeOver(
      Connection c, Lease previous, String holder, String holderProcess, Duration ttl)
      throws SQLException {
    Instant now = dialect.leaseClock(c);
    int taken =
        update(
            c,
            "UPDATE leases SET holder = ?, acquired_at = ?, expires_at = ?, holder_process = ?"
                + " WHERE export_name = ? AND holder = ? AND token = ?",
            holder,
            dialect.instant(now),
            dialect.instant(now.plus(ttl)),
            holderProcess,
            previous.export(),
            previous.holder(),
            previous.token());
    if (taken == 0) {
      return Optional.empty();
    }
    return Optional.of(withNextToken(c, find(c, previous.export()).orElseThrow()));
  }

  Optional<Lease> find(Connection c, String export) throws SQLException {
    return first(
        c,
        "SELECT " + StateRows.LEASE_COLUMNS + " FROM leases WHERE export_name = ?",
        rows::lease,
        export);
  }

  /** Gives {@code lease} the export's next token, above every token the export ever had. */
  private Lease withNextToken(Connection c, Lease lease) throws SQLException {
    update(
        c,
        "INSERT INTO lease_tokens (export_name, last_token) VALUES (?, ?)"
            + " ON CONFLICT (export_name) DO UPDATE SET last_token ="
            + " CASE WHEN lease_tokens.last_token >= excluded.last_token"
            + " THEN lease_tokens.last_token + 1 ELSE excluded.last_token END",
        lease.export(),
        lease.token() + 1);
    long token =
        first(
                c,
                "SELECT last_token FROM lease_tokens WHERE export_name = ?",
                rs -> rs.getLong(1),
                lease.export())
            .orElseThrow(() -> vanished(lease.export()));
    update(
        c,
        "UPDATE leases SET token = ? WHERE export_name = ? AND holder = ?",
        token,
        lease.export(),
        lease.holder());
    return new Lease(
        lease.export(),
        lease.holder(),
        lease.acquiredAt(),
        lease.expiresAt(),
        token,
        lease.holderProcess());
  }

  private static IllegalStateException vanished(String export) {
    return new IllegalStateException("lease of " + export + " vanished");
  }

  boolean renew(Connection c, String export, String holder, Duration ttl) throws SQLException {
    Instant now = dialect.leaseClock(c);
    return update(
            c,
            "UPDATE leases SET expires_at = ? WHERE export_name = ? AND holder = ?",
            dialect.instant(now.plus(ttl)),
            export,
            holder)
        > 0;
  }

  void release(Connection c, String export, String holder) throws SQLException {
    update(c, "DELETE FROM leases WHERE export_name = ? AND holder = ?", export, holder);
  }

  List<Lease> all(Connection c) throws SQLException {
    return query(
        c, "SELECT " + StateRows.LEASE_COLUMNS + " FROM leases ORDER BY export_name", rows::lease);
  }
}
