package dev.rivet.state.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How one database spells the few parts of the state store's SQL that differ between stores. */
public interface StoreDialect {
  /** The kind of database, as a dump names the store it came from: e.g. {@code sqlite}. */
  String kind();

  /** The value to bind for an instant column, truncated to the microsecond. */
  Object instant(Instant instant);

  /** The instant in {@code column} of the current row, or null. */
  Instant instant(ResultSet rs, String column) throws SQLException;

  /**
   * The {@code runs} column that orders runs by insertion, breaking ties of their creation time.
   */
  String insertionOrder();

  /**
   * The clause that ends a {@code SELECT} of rows the transaction goes on to change: a row lock
   * where the database locks rows, nothing where a transaction already excludes other writers.
   */
  String lockRows();

  /**
   * Like {@link #lockRows()}, but rows another transaction holds locked are passed over instead of
   * waited for, so concurrent claimers each get a different row.
   */
  String lockRowsSkippingLocked();

  /** The time by which leases are granted and expire, to the microsecond. */
  Instant leaseClock(Connection c) throws SQLException;
}
