package dev.rivet.planner.preflight;

import static dev.rivet.planner.TestPostgres.SCHEMA;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PreflightContract} on the real PostgreSQL. */
class PreflightPostgresTest extends PreflightContract {

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        events(PLAIN),
        events(INDEXED),
        "CREATE INDEX ON " + SCHEMA + "." + INDEXED + " (updated_at)",
        "DROP TABLE IF EXISTS " + SCHEMA + "." + SPARSE,
        "CREATE TABLE " + SCHEMA + "." + SPARSE + " (id bigint PRIMARY KEY, payload text)",
        // 10 000 dense ids, then 10 000 ids 10^8 apart: about 2e-8 rows per key value.
        "INSERT INTO "
            + SCHEMA
            + "."
            + SPARSE
            + " SELECT g, 'p' FROM generate_series(1, 10000) g"
            + " UNION ALL SELECT g::bigint * 100000000, 'p' FROM generate_series(1, 10000) g",
        "ANALYZE " + SCHEMA + "." + PLAIN,
        "ANALYZE " + SCHEMA + "." + INDEXED,
        "ANALYZE " + SCHEMA + "." + SPARSE);
  }

  private static String events(String table) {
    return "DROP TABLE IF EXISTS "
        + SCHEMA
        + "."
        + table
        + "; CREATE TABLE "
        + SCHEMA
        + "."
        + table
        + " (id bigint PRIMARY KEY, updated_at timestamp NOT NULL, payload text);"
        + " INSERT INTO "
        + SCHEMA
        + "."
        + table
        + " SELECT g, timestamp '2026-01-01' + g * interval '2 minutes', 'payload ' || g"
        + " FROM generate_series(1, "
        + EVENTS
        + ") g";
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestPostgres.dropTables(PLAIN, INDEXED, SPARSE);
  }

  @Override
  SourceConnection source() {
    return TestPostgres.source();
  }

  @Override
  SourceConnection sourceWithStatementTimeout(long millis) {
    SourceConnection source = TestPostgres.source();
    String url = source.jdbcUrl();
    return new SourceConnection(
        url + (url.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D" + millis,
        source.user(),
        source.password());
  }

  @Override
  TableRef table(String name) {
    return new TableRef(SCHEMA, name);
  }

  @Override
  long expectedCacheBytes() {
    // pg_settings counts shared_buffers in blocks; the probe reads current_setting's text.
    try (Connection connection = TestPostgres.connect();
        Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT setting::bigint * current_setting('block_size')::bigint"
                    + " FROM pg_settings WHERE name = 'shared_buffers'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String expectedIndexTarget() {
    return "ON \"" + SCHEMA + "\".\"" + PLAIN + "\" (\"updated_at\")";
  }
}
