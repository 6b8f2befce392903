package dev.rivet.planner.preflight;

import static dev.rivet.planner.TestMySql.DATABASE;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestMySql;
import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PreflightContract} on the real MariaDB (or MySQL). */
class PreflightMySqlTest extends PreflightContract {
  /** 0..99 999 from digits, as both MySQL and MariaDB can write it. */
  private static final String NUMBERS =
      "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM "
          + digits("a")
          + ", "
          + digits("b")
          + ", "
          + digits("c")
          + ", "
          + digits("e")
          + ", "
          + digits("f")
          + ") numbers";

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + DATABASE + "." + PLAIN,
        "DROP TABLE IF EXISTS " + DATABASE + "." + INDEXED,
        "DROP TABLE IF EXISTS " + DATABASE + "." + SPARSE,
        events(PLAIN),
        events(INDEXED),
        "CREATE INDEX updated_at_idx ON " + DATABASE + "." + INDEXED + " (updated_at)",
        fill(PLAIN),
        fill(INDEXED),
        "CREATE TABLE " + DATABASE + "." + SPARSE + " (id bigint PRIMARY KEY, payload text)",
        // 10 000 dense ids, then 10 000 ids 10^8 apart: about 2e-8 rows per key value.
        "INSERT INTO "
            + DATABASE
            + "."
            + SPARSE
            + " SELECT n + 1, 'p' FROM "
            + NUMBERS
            + " WHERE n < 10000"
            + " UNION ALL SELECT (n + 1) * 100000000, 'p' FROM "
            + NUMBERS
            + " WHERE n < 10000",
        "ANALYZE TABLE " + DATABASE + "." + PLAIN,
        "ANALYZE TABLE " + DATABASE + "." + INDEXED,
        "ANALYZE TABLE " + DATABASE + "." + SPARSE);
  }

  private static String digits(String alias) {
    return "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8"
        + " UNION ALL SELECT 9) "
        + alias;
  }

  private static String events(String table) {
    return "CREATE TABLE "
        + DATABASE
        + "."
        + table
        + " (id bigint PRIMARY KEY, updated_at datetime NOT NULL, payload varchar(40))";
  }

  private static String fill(String table) {
    return String.format(
        Locale.ROOT,
        "INSERT INTO %s.%s SELECT n + 1, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (n + 1) * 2"
            + " MINUTE, CONCAT('payload ', n + 1) FROM %s",
        DATABASE,
        table,
        NUMBERS);
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.dropTables(PLAIN, INDEXED, SPARSE);
  }

  @Override
  SourceConnection source() {
    return TestMySql.source();
  }

  @Override
  SourceConnection sourceWithStatementTimeout(long millis) {
    SourceConnection source = TestMySql.source();
    String url = source.jdbcUrl();
    boolean mariaDb;
    try {
      mariaDb = TestMySql.queryString("SELECT VERSION()").contains("MariaDB");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    String variable =
        mariaDb
            ? "max_statement_time=" + String.format(Locale.ROOT, "%.3f", millis / 1000.0)
            : "max_execution_time=" + millis;
    return new SourceConnection(
        url + (url.contains("?") ? "&" : "?") + "sessionVariables=" + variable,
        source.user(),
        source.password());
  }

  @Override
  TableRef table(String name) {
    return new TableRef(DATABASE, name);
  }

  @Override
  long expectedCacheBytes() {
    return -1; // InnoDB inserts scanned pages at the buffer pool's midpoint: not read
  }

  @Override
  String expectedIndexTarget() {
    return "ON `" + DATABASE + "`.`" + PLAIN + "` (`updated_at`)";
  }
}
