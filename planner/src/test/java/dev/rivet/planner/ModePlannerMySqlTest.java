package dev.rivet.planner;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The mode planning contract on MariaDB: TIMESTAMP holds instants (read in a UTC session, so its
 * keys are UTC wall times), DATETIME wall time.
 */
class ModePlannerMySqlTest extends ModePlannerContract {
  @Override
  SourceConnection source() {
    return TestMySql.source();
  }

  @Override
  Connection connect() throws SQLException {
    Connection connection = TestMySql.connect();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION time_zone = '+00:00'");
    }
    return connection;
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestMySql.execute(statements);
  }

  @Override
  void dropTables(List<String> tables) throws SQLException {
    TestMySql.dropTables(tables.toArray(String[]::new));
  }

  @Override
  String schema() {
    return TestMySql.DATABASE;
  }

  @Override
  String instantType(boolean nullable) {
    // Explicit defaults: without them the first TIMESTAMP column updates itself on every UPDATE.
    return nullable
        ? "TIMESTAMP(6) NULL DEFAULT NULL"
        : "TIMESTAMP(6) NOT NULL DEFAULT '2000-01-01 00:00:00'";
  }

  @Override
  String wallType() {
    return "DATETIME(6)";
  }

  @Override
  KeyType instantKeyType() {
    return KeyType.TIMESTAMP;
  }

  @Override
  Object instantValue(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  String analyze(String table) {
    return "ANALYZE TABLE " + qualified(table);
  }
}
