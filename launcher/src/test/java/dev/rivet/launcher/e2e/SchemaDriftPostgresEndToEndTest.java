package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** {@link SchemaDriftContract} on PostgreSQL. */
@Tag("slow")
@Timeout(600)
class SchemaDriftPostgresEndToEndTest extends SchemaDriftContract {
  private static final String TABLE = "rivet_drift_e2e";

  @AfterAll
  static void dropTable() throws SQLException {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Override
  String table() {
    return TABLE;
  }

  @Override
  void execute(String... statements) throws SQLException {
    TestDatabase.execute(statements);
  }

  @Override
  Connection connect() throws SQLException {
    return TestDatabase.connect();
  }

  @Override
  String sourceYaml() {
    return TestDatabase.sourceYaml();
  }
}
