package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.util.List;

/** {@link NetworkFaultContract} on MariaDB (or MySQL), read with MariaDB Connector/J. */
class MySqlNetworkFaultEndToEndTest extends NetworkFaultContract {

  @Override
  String databaseUrl() {
    return TestMariaDb.URL;
  }

  @Override
  int defaultPort() {
    return 3306;
  }

  @Override
  String sourceYaml(String url) {
    // The link is a veth at 10.x.x.x, not loopback: plaintext must be chosen in writing.
    return "source:\n  url: "
        + url
        + "\n  tls:\n    mode: disable"
        + "\n  user: "
        + TestMariaDb.USER
        + "\n"
        + (TestMariaDb.PASSWORD.isEmpty() ? "" : "  password_env: RIVET_TEST_MYSQL_PASSWORD\n");
  }

  @Override
  void createTable(int rows) throws Exception {
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id bigint PRIMARY KEY, qty int NOT NULL, note varchar(200))"
            + " CHARACTER SET utf8mb4",
        "INSERT INTO "
            + TABLE
            + " SELECT seq, (seq * 7) % 1000,"
            + " IF(seq % 17 = 0, NULL, CONCAT('row ', seq, ' ', REPEAT('x', 60), ' \u2713'))"
            + " FROM seq_1_to_"
            + rows,
        "ANALYZE TABLE " + TABLE);
  }

  @Override
  void dropTable() throws Exception {
    TestMariaDb.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Override
  List<String> sourceRows() throws Exception {
    try (Connection c = TestMariaDb.connect()) {
      return ExportedRows.query(c, "SELECT id, qty, note FROM " + TABLE);
    }
  }
}
