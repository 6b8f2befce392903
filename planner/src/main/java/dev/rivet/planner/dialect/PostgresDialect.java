package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.introspect.Catalog;
import dev.rivet.planner.introspect.PostgresCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL: double-quoted identifiers, a REPEATABLE READ read-only snapshot per chunk. */
public record PostgresDialect() implements Dialect {

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void prepareReadSession(Connection connection) throws SQLException {
    // pgjdbc streams rows only with autocommit off and a fetch size; otherwise it buffers all rows.
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement()) {
      // Exact, standard text forms for the types read as text (interval as ISO-8601 durations).
      s.execute("SET LOCAL IntervalStyle = 'iso_8601'");
      s.execute("SET LOCAL extra_float_digits = 3");
    }
  }

  @Override
  public String analyzeStatement(TableRef table) {
    return "ANALYZE " + qualified(table);
  }

  @Override
  public Catalog catalog(Connection connection) {
    return new PostgresCatalog(connection, this);
  }
}
