package dev.rivet.state.sqlite;

import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.StateTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection to a state file, used by one thread at a time. Each write is a single {@code BEGIN
 * IMMEDIATE} transaction: taking the write lock up front means a writer waits for others (busy
 * timeout) instead of failing when its read snapshot turns out stale.
 */
final class SqliteTransactions implements StateTransactions {
  private final StateLocation location;
  private final Connection connection;

  SqliteTransactions(StateLocation location, Connection connection) {
    this.location = location;
    this.connection = connection;
  }

  @Override
  public synchronized <T> T writeReturning(String doing, Query<T> work) {
    return transaction("BEGIN IMMEDIATE", doing, work);
  }

  /** In WAL mode a deferred transaction reads one snapshot and never blocks the writer. */
  @Override
  public synchronized <T> T snapshot(String doing, Query<T> work) {
    return transaction("BEGIN", doing, work);
  }

  private <T> T transaction(String begin, String doing, Query<T> work) {
    try {
      execute(begin);
      try {
        T result = work.run(connection);
        execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackAfterFailure(e);
        throw e;
      }
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, doing, e);
    }
  }

  @Override
  public synchronized <T> T read(String doing, Query<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, doing, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, "closing", e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private void rollbackAfterFailure(Exception failure) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
