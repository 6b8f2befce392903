package dev.rivet.state.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.StateTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactions on pooled connections (auto-commit off, READ COMMITTED). Writers exclude each other
 * with row locks: every change updates or locks ({@code FOR UPDATE}) the rows it depends on before
 * it reads them. A transaction that loses a deadlock is rolled back whole and run again.
 */
final class PostgresTransactions implements StateTransactions {
  private static final int ATTEMPTS = 3;

  private final StateLocation location;
  private final String schema;
  private final HikariDataSource pool;

  PostgresTransactions(StateLocation location, String schema, HikariDataSource pool) {
    this.location = location;
    this.schema = schema;
    this.pool = pool;
  }

  @Override
  public <T> T writeReturning(String doing, Query<T> work) {
    return run(doing, work, true, null);
  }

  @Override
  public <T> T read(String doing, Query<T> work) {
    return run(doing, work, false, null);
  }

  @Override
  public <T> T snapshot(String doing, Query<T> work) {
    return run(doing, work, false, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

  @Override
  public void close() {
    pool.close();
  }

  /**
   * @param setup a statement that starts the transaction, e.g. sets its isolation; null for none
   */
  private <T> T run(String doing, Query<T> work, boolean commit, String setup) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        try {
          if (setup != null) {
            try (Statement statement = c.createStatement()) {
              statement.execute(setup);
            }
          }
          T result = work.run(c);
          if (commit) {
            c.commit();
          } else {
            c.rollback();
          }
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackAfterFailure(c, e);
          throw e;
        }
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && PostgresErrors.isRetryable(e)) {
          continue;
        }
        throw PostgresErrors.sql(location, schema, doing, e);
      }
    }
  }

  private static void rollbackAfterFailure(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
