package dev.rivet.planner;

import static dev.rivet.planner.TestMySql.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.planner.mysql.MySqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plans on a real MariaDB whose user has {@code MAX_USER_CONNECTIONS 3}: the plan's parallelism
 * leaves one of the user's free connections spare, and its notes say so.
 */
class PlannerParallelismMySqlTest {
  private static final String USER = "rivet_planner_parallel_cap";
  private static final String TABLE = "parallel_orders";

  @BeforeAll
  static void createFixtures() throws SQLException {
    TestMySql.execute(
        "DROP USER IF EXISTS '" + USER + "'@'%'",
        "DROP TABLE IF EXISTS " + DATABASE + "." + TABLE,
        "CREATE TABLE " + DATABASE + "." + TABLE + " (id BIGINT PRIMARY KEY, payload CHAR(16))",
        "CREATE USER '" + USER + "'@'%' WITH MAX_USER_CONNECTIONS 3",
        "GRANT SELECT ON " + DATABASE + "." + TABLE + " TO '" + USER + "'@'%'");
    TestMySql.insert(TABLE, "id", LongStream.rangeClosed(1, 10_000));
    TestMySql.execute("ANALYZE TABLE " + DATABASE + "." + TABLE);
  }

  @AfterAll
  static void dropFixtures() throws SQLException {
    TestMySql.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
    TestMySql.dropTables(TABLE);
  }

  private static SourceConnection asCappedUser() {
    return new SourceConnection(TestMySql.serverUrl() + DATABASE, USER, "");
  }

  /** About 10 000 rows in chunks of 1 000: enough chunks that only connections cap 4. */
  private static ExportSpec export(int parallelism) {
    return new ExportSpec(
        "parallel_orders",
        new TableRef(DATABASE, TABLE),
        new FullMode(),
        ReadSettings.of(1000, 500, parallelism),
        ValuePolicies.of(InfinityPolicy.CLAMP),
        new OutputSettings(
            Format.PARQUET,
            Compression.NONE,
            Destination.parse("/tmp/rivet-parallel"),
            OutputSettings.DEFAULT_ROW_GROUP_BYTES,
            null),
        CheckSettings.DEFAULT);
  }

  @Test
  void shouldCapParallelismByMaxUserConnectionsKeepingOneSpare() {
    ExportPlan plan = new Planner(Clock.systemUTC()).plan(asCappedUser(), export(4), "run-my-cap");

    assertThat(plan.chunks().size()).isGreaterThanOrEqualTo(4);
    assertThat(plan.parallelism()).isEqualTo(2);
    assertThat(plan.noteTexts())
        .contains(
            "parallelism 2 (configured 4; the source has 3 free connections, keeping 1 spare:"
                + " max_user_connections of "
                + USER
                + "@% allows 3 and 0 are open)");
  }

  @Test
  void shouldCountTheUserOtherOpenSessions() throws SQLException {
    try (Connection other =
        DriverManager.getConnection(TestMySql.serverUrl() + DATABASE, USER, "")) {
      ExportPlan plan =
          new Planner(Clock.systemUTC()).plan(asCappedUser(), export(4), "run-my-busy");

      assertThat(other.isValid(1)).isTrue();
      assertThat(plan.parallelism()).isEqualTo(1);
      assertThat(plan.noteTexts())
          .anySatisfy(
              n ->
                  assertThat(n)
                      .startsWith("parallelism 1 (configured 4; the source has 2 free connections")
                      .endsWith("allows 3 and 1 is open)"));
    }
  }

  @Test
  void shouldReadRowWidthFromTableStatistics() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      long width =
          new MySqlDialect().catalog(connection).averageRowBytes(new TableRef(DATABASE, TABLE));

      // InnoDB's data length over its row estimate: a BIGINT and a CHAR(16) plus page overhead.
      assertThat(width).isBetween(16L, 200L);
    }
  }

  @Test
  void shouldKeepConfiguredParallelismWithoutAUserLimit() {
    ExportPlan plan =
        new Planner(Clock.systemUTC()).plan(TestMySql.source(), export(2), "run-my-root");

    assertThat(plan.parallelism()).isEqualTo(2);
    assertThat(plan.noteTexts()).contains("parallelism 2 (as configured)");
  }
}
