package dev.rivet.state.sqlite;

import dev.rivet.state.jdbc.StoreDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/**
 * SQLite's spelling: instants as fixed-width UTC text, {@code rowid} for insertion order, no row
 * locks (a {@code BEGIN IMMEDIATE} transaction already excludes other writers), and this machine's
 * clock for leases (a SQLite file is only shared on one machine).
 */
final class SqliteDialect implements StoreDialect {
  // Fixed width (always six fraction digits) so that text order is time order.
  private static final DateTimeFormatter INSTANT_TEXT =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

  private final Clock clock = Clock.systemUTC();

  @Override
  public String kind() {
    return "sqlite";
  }

  /** The instant to the microsecond, as UTC text, e.g. {@code 2025-01-31T12:00:00.000000Z}. */
  @Override
  public String instant(Instant instant) {
    return INSTANT_TEXT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public Instant instant(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : Instant.parse(text);
  }

  @Override
  public String insertionOrder() {
    return "rowid";
  }

  @Override
  public String lockRows() {
    return "";
  }

  @Override
  public String lockRowsSkippingLocked() {
    return "";
  }

  @Override
  public Instant leaseClock(Connection c) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
