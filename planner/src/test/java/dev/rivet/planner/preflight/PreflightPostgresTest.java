package dev.rivet.planner.preflight;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PreflightContract} on the real PostgreSQL. */
class PreflightPostgresTest extends PreflightContract {
  private static final String BIG = "check_cache_big";

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

  @Test
  void shouldNoteThatRangeChunksOfATableLargerThanAQuarterOfSharedBuffersEvictTheCache()
      throws SQLException {
    long cache = expectedCacheBytes();
    assumeTrue(cache <= 256L << 20, "shared_buffers above 256 MB: the table would take too long");
    // About 420 bytes per row: 1.3 times a quarter of shared_buffers (42 MB for 128 MB).
    long rows = cache / 4 / 420 * 13 / 10;
    String big = SCHEMA + "." + BIG;
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + big,
        "CREATE TABLE " + big + " (id bigint PRIMARY KEY, payload text NOT NULL)",
        "INSERT INTO "
            + big
            + " SELECT g, repeat(md5(g::text), 12) FROM generate_series(1, "
            + rows
            + ") g",
        "ANALYZE " + big);
    try {
      Preflight preflight = new Preflight(Clock.systemUTC(), 1L << 30);
      PreflightReport chunked =
          preflight.check(source(), export(table(BIG), new FullMode(), rows / 4, 1), null);
      PreflightReport whole =
          preflight.check(source(), export(table(BIG), new FullMode(), rows * 2, 1), null);

      assertThat(chunked.source().tableBytes()).isGreaterThan(cache / 4);
      assertThat(chunked.explains()).allSatisfy(e -> assertThat(e.fullScan()).isFalse());
      assertThat(chunked.findings(FindingCode.CACHE_EVICTION))
          .singleElement()
          .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
          .satisfies(f -> assertThat(f.get(FindingParam.CACHE_BYTES)).isEqualTo(cache))
          .satisfies(f -> assertThat(f.get(FindingParam.CHUNKS)).isGreaterThan(1));
      // One statement is a Seq Scan, which PostgreSQL reads through its ring.
      assertThat(whole.plan().chunks()).hasSize(1);
      assertThat(whole.findings(FindingCode.CACHE_EVICTION)).isEmpty();
    } finally {
      TestPostgres.dropTables(BIG);
    }
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
