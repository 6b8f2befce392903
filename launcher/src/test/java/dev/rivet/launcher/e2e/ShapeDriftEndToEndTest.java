package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link ShapeDriftContract} on PostgreSQL. */
class ShapeDriftEndToEndTest extends ShapeDriftContract {
  @Override
  Connection connect() throws SQLException {
    return TestDatabase.connect();
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestDatabase.execute(statements);
  }

  @Override
  String sourceYaml() {
    return TestDatabase.sourceYaml();
  }

  @Override
  void createTable() throws SQLException {
    execute(
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, note text, code varchar(10), email varchar(100))",
        "INSERT INTO "
            + TABLE
            + " SELECT g, repeat('x', 100), 'ab', 'user' || g || '@example.com'"
            + " FROM generate_series(1, 200) g",
        "ANALYZE " + TABLE);
  }
}
