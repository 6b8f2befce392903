package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.util.List;

/** {@link NetworkFaultContract} on PostgreSQL, read with pgjdbc. */
class NetworkFaultEndToEndTest extends NetworkFaultContract {

  @Override
  String databaseUrl() {
    return TestDatabase.URL;
  }

  @Override
  int defaultPort() {
    return 5432;
  }

  @Override
  String sourceYaml(String url) {
    // The link is a veth at 10.x.x.x, not loopback: plaintext must be chosen in writing.
    return "source:\n  url: "
        + url
        + "\n  tls:\n    mode: disable"
        + "\n  user: "
        + TestDatabase.USER
        + "\n"
        + (TestDatabase.PASSWORD.isEmpty() ? "" : "  password_env: RIVET_TEST_PG_PASSWORD\n");
  }

  @Override
  void createTable(int rows) throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty int NOT NULL, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, (g * 7) % 1000, CASE WHEN g % 17 = 0 THEN NULL"
            + " ELSE 'row ' || g || ' ' || repeat('x', 60) || ' \u2713' END"
            + " FROM generate_series(1, "
            + rows
            + ") g",
        "ANALYZE " + TABLE);
  }

  @Override
  void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Override
  List<String> sourceRows() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, qty, note FROM " + TABLE);
    }
  }
}
