package dev.rivet.planner;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The mode planning contract on PostgreSQL: timestamptz holds instants, timestamp wall time. */
class ModePlannerPostgresTest extends ModePlannerContract {
  @Override
  SourceConnection source() {
    return TestPostgres.source();
  }

  @Override
  Connection connect() throws SQLException {
    return TestPostgres.connect();
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestPostgres.execute(statements);
  }

  @Override
  void dropTables(List<String> tables) throws SQLException {
    TestPostgres.dropTables(tables.toArray(String[]::new));
  }

  @Override
  String schema() {
    return TestPostgres.SCHEMA;
  }

  @Override
  String instantType(boolean nullable) {
    return nullable ? "timestamptz" : "timestamptz NOT NULL";
  }

  @Override
  String wallType() {
    return "timestamp";
  }

  @Override
  KeyType instantKeyType() {
    return KeyType.TIMESTAMPTZ;
  }

  @Override
  Object instantValue(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  String analyze(String table) {
    return "ANALYZE " + qualified(table);
  }
}
