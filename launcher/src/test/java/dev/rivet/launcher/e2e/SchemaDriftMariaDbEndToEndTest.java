package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** {@link SchemaDriftContract} on MariaDB. */
@Tag("slow")
@Timeout(600)
class SchemaDriftMariaDbEndToEndTest extends SchemaDriftContract {
  private static final String TABLE = "rivet_drift_e2e_m";

  @AfterAll
  static void dropTable() throws SQLException {
    TestMariaDb.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Override
  String table() {
    return TABLE;
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestMariaDb.execute(statements);
  }

  @Override
  Connection connect() throws SQLException {
    return TestMariaDb.connect();
  }

  @Override
  String sourceYaml() {
    return TestMariaDb.sourceYaml();
  }
}
