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
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.testing.servers.BusySessions;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.planner.postgres.PostgresDialect;
import dev.rivet.planner.tuning.SessionActivity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tuning.yield_to_sessions} on a real PostgreSQL: a plan made while other sessions work on
 * the server (here: sessions inside a transaction) reads gently, with one reader; Rivet's own
 * sessions do not count; a user that cannot see other users' sessions reads at full speed and is
 * told why.
 */
class PlannerYieldingPostgresTest {
  private static final String TABLE = "yield_orders";
  private static final String SMALL = "yield_small";
  private static final String ROLE = "rivet_planner_yield_nostats";
  private static final int ROWS = 60_000;

  @BeforeAll
  static void createFixtures() throws SQLException {
    dropRole();
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + "." + TABLE,
        "DROP TABLE IF EXISTS " + SCHEMA + "." + SMALL,
        "CREATE TABLE " + SCHEMA + "." + TABLE + " (id bigint PRIMARY KEY, payload text)",
        "INSERT INTO "
            + SCHEMA
            + "."
            + TABLE
            + " SELECT g, 'payload ' || g FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + SCHEMA + "." + TABLE,
        "CREATE TABLE " + SCHEMA + "." + SMALL + " (id bigint PRIMARY KEY)",
        "INSERT INTO " + SCHEMA + "." + SMALL + " SELECT g FROM generate_series(1, 1000) g",
        "ANALYZE " + SCHEMA + "." + SMALL,
        "CREATE ROLE " + ROLE + " LOGIN",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + ROLE,
        "GRANT SELECT ON ALL TABLES IN SCHEMA " + SCHEMA + " TO " + ROLE);
  }

  @AfterAll
  static void dropFixtures() throws SQLException {
    dropRole();
    TestPostgres.dropTables(TABLE, SMALL);
  }

  private static void dropRole() throws SQLException {
    try (Connection connection = TestPostgres.connect();
        Statement s = connection.createStatement()) {
      boolean exists;
      try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
        exists = rs.next();
      }
      if (exists) {
        s.execute("DROP OWNED BY " + ROLE);
        s.execute("DROP ROLE " + ROLE);
      }
    }
  }

  @Test
  void shouldReadWithOneReaderAndSmallFetchesWhenOtherSessionsAreInsideTransactions()
      throws SQLException {
    try (BusySessions busy = BusySessions.open(TestServers.postgres(), 3, "an-application")) {
      ExportPlan plan = plan(TestPostgres.source(), TABLE, 2, "run-yield-busy");

      assertThat(busy.stillOpen()).isTrue();
      assertThat(plan.yields()).isTrue();
      assertThat(plan.readsGently()).isTrue();
      assertThat(plan.parallelism()).isEqualTo(1);
      assertThat(plan.chunks()).hasSizeGreaterThan(1);
      assertThat(plan.fetchSize(1L << 30)).isEqualTo(ExportPlan.GOVERNED_FETCH_ROWS);
      PlanNote note =
          plan.notes().stream()
              .filter(n -> n.code() == NoteCode.YIELDING)
              .findFirst()
              .orElseThrow();
      assertThat(Integer.parseInt(note.params().get("sessions"))).isGreaterThanOrEqualTo(3);
      assertThat(note.params().get("threshold")).isEqualTo("2");
      assertThat(note.isWarning()).isFalse();
      assertThat(note.render())
          .contains("yielding to other sessions")
          .contains("one reader, at most 1,000 rows per fetch through a cursor")
          .contains("set tuning.yield_to_sessions to 0");
    }
  }

  @Test
  void shouldReadAtFullSpeedWhenTheThresholdIsOffOrTheTableIsSmall() throws SQLException {
    try (BusySessions busy = BusySessions.open(TestServers.postgres(), 3, "an-application")) {
      ExportPlan off = plan(TestPostgres.source(), TABLE, 0, "run-yield-off");
      ExportPlan small = plan(TestPostgres.source(), SMALL, 2, "run-yield-small");

      assertThat(busy.stillOpen()).isTrue();
      for (ExportPlan plan : List.of(off, small)) {
        assertThat(plan.yields()).as(plan.runId()).isFalse();
        assertThat(plan.readsGently()).as(plan.runId()).isFalse();
        assertThat(plan.noteTexts())
            .as(plan.runId())
            .noneMatch(n -> n.contains("yield"))
            .noneMatch(n -> n.contains("not yielding"));
      }
      assertThat(off.parallelism()).isEqualTo(2);
    }
  }

  @Test
  void shouldNotCountRivetsOwnSessions() throws SQLException {
    int rivets;
    int others;
    try (Connection c = TestPostgres.connect()) {
      try (BusySessions busy = BusySessions.open(TestServers.postgres(), 3, "rivet")) {
        rivets = new PostgresDialect().catalog(c).sessionActivity().active();
        assertThat(busy.stillOpen()).isTrue();
      }
      try (BusySessions busy = BusySessions.open(TestServers.postgres(), 3, "an-application")) {
        others = new PostgresDialect().catalog(c).sessionActivity().active();
        assertThat(busy.stillOpen()).isTrue();
      }
    }
    assertThat(others).isGreaterThanOrEqualTo(3);
    assertThat(rivets).as("Rivet's own busy sessions are not counted").isLessThan(others);
  }

  @Test
  void shouldReadAtFullSpeedAndSayWhyWhenTheUserCannotSeeOtherUsersSessions() throws SQLException {
    SourceConnection unprivileged = new SourceConnection(TestPostgres.url(), ROLE, "");
    try (BusySessions busy = BusySessions.open(TestServers.postgres(), 3, "an-application")) {
      SessionActivity seen;
      try (Connection c = DriverManager.getConnection(TestPostgres.url(), ROLE, "")) {
        seen = new PostgresDialect().catalog(c).sessionActivity();
      }
      ExportPlan plan = plan(unprivileged, TABLE, 2, "run-yield-hidden");

      assertThat(busy.stillOpen()).isTrue();
      assertThat(seen.active()).as("the postgres sessions are hidden from it").isLessThan(2);
      assertThat(seen.othersHidden()).isTrue();
      assertThat(plan.yields()).isFalse();
      assertThat(plan.parallelism()).isEqualTo(2);
      assertThat(plan.notes())
          .filteredOn(n -> n.code() == NoteCode.YIELD_UNSEEN)
          .singleElement()
          .satisfies(
              n ->
                  assertThat(n.render())
                      .startsWith("not yielding: ")
                      .contains("(tuning.yield_to_sessions 2)")
                      .contains("grant it pg_read_all_stats (or pg_monitor)"));

      TestPostgres.execute("GRANT pg_read_all_stats TO " + ROLE);
      try {
        ExportPlan granted = plan(unprivileged, TABLE, 2, "run-yield-granted");
        assertThat(granted.yields()).isTrue();
        assertThat(granted.parallelism()).isEqualTo(1);
      } finally {
        TestPostgres.execute("REVOKE pg_read_all_stats FROM " + ROLE);
      }
    }
  }

  private static ExportPlan plan(
      SourceConnection source, String table, int yieldToSessions, String runId) {
    return new Planner(Clock.systemUTC()).plan(source, export(table, yieldToSessions), runId);
  }

  /** Chunks of 20,000 rows (3 for the large table), up to 2 at once. */
  private static ExportSpec export(String table, int yieldToSessions) {
    return new ExportSpec(
            table,
            new TableRef(SCHEMA, table),
            new FullMode(),
            ReadSettings.of(20_000, 10_000, 2),
            ValuePolicies.of(InfinityPolicy.CLAMP),
            new OutputSettings(
                Format.PARQUET,
                Compression.NONE,
                Destination.parse("/tmp/rivet-yield"),
                64L << 20,
                null),
            CheckSettings.DEFAULT)
        .withGovernor(GovernorSettings.NONE.withYieldToSessions(yieldToSessions));
  }
}
