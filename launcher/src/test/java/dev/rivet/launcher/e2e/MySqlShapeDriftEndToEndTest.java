package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link ShapeDriftContract} on MariaDB. */
class MySqlShapeDriftEndToEndTest extends ShapeDriftContract {
  @Override
  Connection connect() throws SQLException {
    return TestMariaDb.connect();
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestMariaDb.execute(statements);
  }

  @Override
  String sourceYaml() {
    return TestMariaDb.sourceYaml();
  }

  @Override
  void createTable() throws SQLException {
    execute(
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, note text, code varchar(10), email varchar(100))"
            + " CHARACTER SET utf8mb4",
        "INSERT INTO "
            + TABLE
            + " SELECT seq, REPEAT('x', 100), 'ab', CONCAT('user', seq, '@example.com')"
            + " FROM seq_1_to_200",
        "ANALYZE TABLE " + TABLE);
  }
}
