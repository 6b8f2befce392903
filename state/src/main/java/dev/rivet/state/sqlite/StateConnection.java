package dev.rivet.state.sqlite;

import dev.rivet.state.StateLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to a state file, used by one thread at a time. Each {@link #write} is a single
 * {@code BEGIN IMMEDIATE} transaction: taking the write lock up front means a writer waits for
 * others (busy timeout) instead of failing when its read snapshot turns out stale.
 */
final class StateConnection implements AutoCloseable {
  private final StateLocation location;
  private final Connection connection;

  StateConnection(StateLocation location, Connection connection) {
    this.location = location;
    this.connection = connection;
  }

  /** Runs {@code work} in one transaction; any failure rolls all of it back. */
  synchronized void write(String doing, Work work) {
    try {
      execute("BEGIN IMMEDIATE");
      try {
        work.run(connection);
        execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        rollbackAfterFailure(e);
        throw e;
      }
    } catch (SQLException e) {
      throw StateErrors.sql(location, doing, e);
    }
  }

  synchronized <T> T read(String doing, Read<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw StateErrors.sql(location, doing, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw StateErrors.sql(location, "closing", e);
    }
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    }
  }

  static <T> List<T> query(Connection c, String sql, RowReader<T> reader, Object... params)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rs = statement.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
        return rows;
      }
    }
  }

  static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
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

  /** A change made inside a transaction. */
  interface Work {
    void run(Connection c) throws SQLException;
  }

  /** A read made outside any transaction. */
  interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  /** Maps the current row. */
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
