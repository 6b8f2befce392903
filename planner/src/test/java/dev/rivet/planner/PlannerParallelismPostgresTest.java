package dev.rivet.planner;

import static dev.rivet.planner.TestPostgres.SCHEMA;
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
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plans on a real PostgreSQL whose role limits connections: the plan's parallelism leaves one of
 * the role's free connections spare, and its notes say so.
 */
class PlannerParallelismPostgresTest {
  private static final String ROLE = "rivet_planner_parallel_cap";
  private static final String TABLE = "parallel_orders";
  private static final long MIB = 1L << 20;

  @BeforeAll
  static void createFixtures() throws SQLException {
    dropRole();
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + "." + TABLE,
        "CREATE TABLE " + SCHEMA + "." + TABLE + " (id bigint PRIMARY KEY, payload text)",
        "INSERT INTO "
            + SCHEMA
            + "."
            + TABLE
            + " SELECT g, 'payload ' || g FROM generate_series(1, 10000) g",
        "ANALYZE " + SCHEMA + "." + TABLE,
        "CREATE ROLE " + ROLE + " LOGIN CONNECTION LIMIT 3",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + ROLE,
        "GRANT SELECT ON " + SCHEMA + "." + TABLE + " TO " + ROLE);
  }

  @AfterAll
  static void dropFixtures() throws SQLException {
    dropRole();
    TestPostgres.dropTables(TABLE);
  }

  private static void dropRole() throws SQLException {
    try (Connection connection = TestPostgres.connect()) {
      boolean exists;
      try (var rs =
          connection
              .createStatement()
              .executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
        exists = rs.next();
      }
      if (exists) {
        connection.createStatement().execute("DROP OWNED BY " + ROLE);
        connection.createStatement().execute("DROP ROLE " + ROLE);
      }
    }
  }

  private static SourceConnection asCappedRole() {
    return new SourceConnection(TestPostgres.url(), ROLE, "");
  }

  /** 10 000 rows in chunks of 1 000: 10 chunks, so only connections can cap a parallelism of 4. */
  private static ExportSpec export(int parallelism, long chunkRows, int fetchSize) {
    return new ExportSpec(
        "parallel_orders",
        new TableRef(SCHEMA, TABLE),
        new FullMode(),
        ReadSettings.of(chunkRows, fetchSize, parallelism),
        ValuePolicies.of(InfinityPolicy.CLAMP),
        new OutputSettings(
            Format.PARQUET,
            Compression.NONE,
            Destination.parse("/tmp/rivet-parallel"),
            64 * MIB,
            null),
        CheckSettings.DEFAULT);
  }

  @Test
  void shouldCapParallelismByTheRoleConnectionLimitKeepingOneSpare() {
    ExportPlan plan =
        new Planner(Clock.systemUTC()).plan(asCappedRole(), export(4, 1000, 500), "run-pg-cap");

    assertThat(plan.chunks()).hasSize(10);
    assertThat(plan.parallelism()).isEqualTo(2);
    assertThat(plan.noteTexts())
        .contains(
            "parallelism 2 (configured 4; the source has 3 free connections, keeping 1 spare:"
                + " the connection limit of role "
                + ROLE
                + " allows 3 and 0 are open)");
  }

  @Test
  void shouldCountTheRoleOtherOpenSessions() throws SQLException {
    try (Connection other = DriverManager.getConnection(TestPostgres.url(), ROLE, "")) {
      ExportPlan plan =
          new Planner(Clock.systemUTC()).plan(asCappedRole(), export(4, 1000, 500), "run-pg-busy");

      assertThat(other.isValid(1)).isTrue();
      assertThat(plan.parallelism()).isEqualTo(1);
      assertThat(plan.noteTexts())
          .contains(
              "parallelism 1 (configured 4; the source has 2 free connections, keeping 1 spare:"
                  + " the connection limit of role "
                  + ROLE
                  + " allows 3 and 1 is open)");
    }
  }

  @Test
  void shouldEstimateRowWidthFromTableSizeOverRows() throws SQLException {
    try (Connection connection = TestPostgres.connect()) {
      long width =
          new PostgresDialect().catalog(connection).averageRowBytes(new TableRef(SCHEMA, TABLE));

      // 10 000 rows of a bigint and a short text, with tuple headers and page overhead.
      assertThat(width).isBetween(30L, 120L);
    }
  }

  @Test
  void shouldKeepConfiguredParallelismAndWarnOfDangerousTuning() {
    // A 1 MiB heap: two 64 MiB row groups and 2 × 5 000 fetched rows both outgrow it.
    ExportPlan plan =
        new Planner(Clock.systemUTC(), MIB)
            .plan(TestPostgres.source(), export(2, 1000, 5000), "run-pg-warn");

    assertThat(plan.parallelism()).isEqualTo(2);
    assertThat(plan.noteTexts())
        .contains("parallelism 2 (as configured)")
        .anySatisfy(n -> assertThat(n).startsWith("warning: fetch_size 5000 is larger than"))
        .anySatisfy(n -> assertThat(n).startsWith("warning: row_group_size 64 MiB × parallelism 2"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("warning: fetch_size 5000 × about ")
                    .contains(" B per row × parallelism 2 = "));
  }
}
