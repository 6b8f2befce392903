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
   * callers exactly one wins.
   */
  Lease acquire(Connection c, String export, String holder, Duration ttl) throws SQLException {
    Instant now = dialect.leaseClock(c);
    update(
        c,
        "INSERT INTO leases (export_name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (export_name) DO UPDATE SET holder = excluded.holder,"
            + " acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at"
            + " ELSE excluded.acquired_at END, expires_at = excluded.expires_at"
            + " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
        export,
        holder,
        dialect.instant(now),
        dialect.instant(now.plus(ttl)),
        dialect.instant(now));
    return first(
            c,
            "SELECT " + StateRows.LEASE_COLUMNS + " FROM leases WHERE export_name = ?",
            rows::lease,
            export)
        .orElseThrow(() -> new IllegalStateException("lease of " + export + " vanished"));
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
