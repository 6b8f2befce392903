package dev.rivet.state.postgres;

import dev.rivet.state.jdbc.StoreDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL's spelling: instants as {@code timestamptz}, an identity column for insertion order,
 * {@code FOR UPDATE} row locks, and the server's clock for leases, so that rivet processes on hosts
 * with skewed clocks agree on when a lease expires.
 */
final class PostgresDialect implements StoreDialect {
  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public OffsetDateTime instant(Instant instant) {
    // PostgreSQL would round nanoseconds; truncate as the SQLite store does.
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  @Override
  public Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  @Override
  public String insertionOrder() {
    return "seq";
  }

  @Override
  public String lockRows() {
    return " FOR UPDATE";
  }

  @Override
  public String lockRowsSkippingLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public Instant leaseClock(Connection c) throws SQLException {
    try (PreparedStatement now = c.prepareStatement("SELECT clock_timestamp()");
        ResultSet rs = now.executeQuery()) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }
}
