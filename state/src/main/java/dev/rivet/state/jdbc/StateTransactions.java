package dev.rivet.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to one state database, handed out one transaction at a time; thread-safe. Failures
 * become {@link dev.rivet.kernel.failure.RivetException}s of kind {@code STATE} naming what was
 * being done.
 */
public interface StateTransactions extends AutoCloseable {
  /**
   * Runs {@code work} in one transaction that excludes conflicting writers, and returns its result;
   * any failure rolls all of it back.
   */
  <T> T writeReturning(String doing, Query<T> work);

  /** Runs {@code work} in one transaction; any failure rolls all of it back. */
  default void write(String doing, Change work) {
    writeReturning(
        doing,
        c -> {
          work.run(c);
          return null;
        });
  }

  /** Runs reads that need no transaction of their own. */
  <T> T read(String doing, Query<T> work);

  /**
   * Runs reads that all see one snapshot of the database, changing nothing; writers are not held up
   * where the database allows it.
   */
  <T> T snapshot(String doing, Query<T> work);

  @Override
  void close();

  /** A change made inside a transaction. */
  interface Change {
    void run(Connection c) throws SQLException;
  }

  /** Work that returns a result. */
  interface Query<T> {
    T run(Connection c) throws SQLException;
  }
}
