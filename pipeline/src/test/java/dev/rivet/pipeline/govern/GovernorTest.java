package dev.rivet.pipeline.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.govern.Decision.Action;
import dev.rivet.pipeline.write.PostgresFixture;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A governor on a real PostgreSQL: it probes a healthy source without acting, a probe that cannot
 * reach the source is counted and changes nothing, and its gate is the one the run's readers find.
 */
@Timeout(90)
class GovernorTest {
  private static final String TABLE = "governor_probe_test";
  private static final String SLOW_VIEW = "governor_probe_slow";
  private static final String KNOB = "governor_probe_knob";
  private static final GovernorSettings WATCHING = new GovernorSettings(500, 60_000, 0, 0, false);
  private static final GovernorSettings TWICE_THE_BASELINE =
      GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(2));

  /**
   * For the injected lock: far below what a probe waiting behind the lock takes (seconds), far
   * above what a loaded 2-core test machine adds to a sub-millisecond probe. With {@code 2x} the
   * full suite once kept the probe's p90 over the threshold for 30 s after the lock was gone.
   */
  private static final GovernorSettings TEN_TIMES_THE_BASELINE =
      GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(10));

  @BeforeEach
  void createTable() throws Exception {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY)");
  }

  @AfterEach
  void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldProbeAHealthySourceWithoutActing() throws Exception {
    ExportPlan plan = plan(WATCHING);
    GovernorReport report;
    ReadGate gate;
    try (Governor governor = Governor.start(plan, source(), Duration.ofMillis(50))) {
      gate = governor.gate();
      assertThat(ReadGate.of(plan)).isSameAs(gate);
      report = await(governor, r -> r.samples() >= 3);
    }

    assertThat(report.probeFailures()).isZero();
    assertThat(report.slowdowns() + report.pauses() + report.resumes()).isZero();
    // Unregistered once closed: a later run of the id would not find this one's gate.
    assertThat(ReadGate.of(plan)).isNotSameAs(gate);
  }

  @Test
  void shouldCountAFailedProbeAndGoOn() throws Exception {
    ExportPlan plan = plan(WATCHING);
    SourceConnection nowhere =
        new SourceConnection("jdbc:postgresql://127.0.0.1:1/test", "nobody", null);
    try (Governor governor = Governor.start(plan, nowhere, Duration.ofMillis(50))) {
      GovernorReport report = await(governor, r -> r.probeFailures() >= 2);

      assertThat(report.slowdowns() + report.pauses()).isZero();
      assertThat(governor.gate().state()).isEqualTo(GovernorState.NORMAL);
    }
  }

  @Test
  void shouldResolveARelativeThresholdFromTheBaselineMeasuredAtStart() throws Exception {
    ExportPlan plan = plan(TWICE_THE_BASELINE);
    try (Governor governor = Governor.start(plan, source(), Duration.ofMillis(50))) {
      GovernorReport report = governor.report();

      assertThat(report.baselineLatencyMicros()).isPositive();
      assertThat(report.latencyThresholdMicros())
          .isEqualTo(
              Math.max(
                  Governor.MIN_THRESHOLD_MICROS, Math.round(report.baselineLatencyMicros() * 2.0)));
    }
  }

  @Test
  void shouldLowerTheRateUnderInjectedLoadAndRaiseItAfter() throws Exception {
    ExportPlan plan = plan(TEN_TIMES_THE_BASELINE);
    try (Governor governor = Governor.start(plan, source(), Duration.ofMillis(50));
        Connection locker = PostgresFixture.connect()) {
      ReadGate gate = governor.gate();
      // Injected load: a lock the probe waits behind, far over ten times its baseline.
      locker.setAutoCommit(false);
      try (var s = locker.createStatement()) {
        s.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
      }
      await(governor, r -> r.pauses() >= 1);
      assertThat(gate.state()).isEqualTo(GovernorState.PAUSED);
      long lowered = gate.rowsPerSecond();
      locker.commit();

      GovernorReport report =
          await(governor, r -> r.resumes() >= 2 && gate.state() == GovernorState.NORMAL);

      assertThat(lowered).isPositive().isLessThan(Governor.MIN_CEILING_ROWS_PER_SECOND);
      assertThat(report.speedups()).isPositive();
      assertThat(report.lowestRowsPerSecond()).isPositive().isLessThanOrEqualTo(lowered);
      List<Action> history = governor.history();
      // Down while loaded, then paused; after the load: resumed at the last rate, raised step by
      // step, and back to the full rate.
      assertThat(history.subList(0, 3))
          .containsExactly(Action.SLOW_DOWN, Action.PAUSE, Action.RESUME);
      // (A busy test machine may add a slowdown on the way back up: not asserted either way.)
      assertThat(history.subList(3, history.size())).contains(Action.SPEED_UP);
      assertThat(history.get(history.size() - 1)).isEqualTo(Action.RESUME);
    }
  }

  /**
   * A source slower than when the run started, on its own: every probe takes 50 ms from some moment
   * on, whatever the run reads. The governor slows the run down to its lowest rate, sees the
   * latency stay, takes it as its new baseline, and reads at full rate again, instead of crawling
   * at a tenth of its rate to the end (a baseline measured in a quiet moment of a busy source did
   * that: a 1M-row `safe` export under pgbench took 669 s).
   */
  @Test
  void shouldMeasureTheBaselineAgainWhenTheSourceStaysSlowWhileTheRunReadsAtItsLowestRate()
      throws Exception {
    // The probe reads the view; planning it calls the immutable function, which sleeps as long as
    // the knob says: a latency the source has whatever the run does.
    PostgresFixture.execute(
        "DROP VIEW IF EXISTS " + SLOW_VIEW,
        "DROP TABLE IF EXISTS " + KNOB,
        "CREATE TABLE " + KNOB + " (delay_seconds float8 NOT NULL)",
        "INSERT INTO " + KNOB + " VALUES (0)",
        "CREATE OR REPLACE FUNCTION governor_probe_delay() RETURNS boolean LANGUAGE plpgsql"
            + " IMMUTABLE AS $$ BEGIN PERFORM pg_sleep((SELECT delay_seconds FROM "
            + KNOB
            + ")); RETURN true; END $$",
        "CREATE VIEW "
            + SLOW_VIEW
            + " AS SELECT id FROM "
            + TABLE
            + " WHERE governor_probe_delay()");
    try {
      ExportPlan plan = plan(SLOW_VIEW, TEN_TIMES_THE_BASELINE, 1_000_000);
      try (Governor governor = Governor.start(plan, source(), Duration.ofMillis(50))) {
        ReadGate gate = governor.gate();
        long baseline = governor.report().baselineLatencyMicros();
        assertThat(baseline).isPositive().isLessThan(5_000);
        PostgresFixture.execute("UPDATE " + KNOB + " SET delay_seconds = 0.05");

        GovernorReport report =
            await(
                governor,
                r -> r.rebaselines() >= 1 && gate.state() == GovernorState.NORMAL,
                Duration.ofSeconds(45));

        assertThat(report.baselineLatencyMicros()).isGreaterThanOrEqualTo(50_000);
        assertThat(report.latencyThresholdMicros())
            .isEqualTo(Math.round(report.baselineLatencyMicros() * 10.0));
        assertThat(report.pauses()).isZero();
        assertThat(report.lowestRowsPerSecond())
            .isEqualTo(GovernorPolicy.floor(Governor.MIN_CEILING_ROWS_PER_SECOND));
        List<Action> history = governor.history();
        // Down to the floor, measured again there, then up step by step to the full rate.
        int rebase = history.indexOf(Action.REBASE);
        assertThat(history.subList(0, rebase)).containsOnly(Action.SLOW_DOWN);
        assertThat(history.subList(rebase + 1, history.size())).contains(Action.SPEED_UP);
        assertThat(history.get(history.size() - 1)).isEqualTo(Action.RESUME);
      }
    } finally {
      PostgresFixture.execute(
          "DROP VIEW IF EXISTS " + SLOW_VIEW,
          "DROP TABLE IF EXISTS " + KNOB,
          "DROP FUNCTION IF EXISTS governor_probe_delay()");
    }
  }

  @Test
  void shouldNotProbeARunTooShortForARelativeThresholdAlone() throws Exception {
    long few = Governor.SHORT_RUN_ROWS - 1;
    assertThat(Governor.start(plan(TWICE_THE_BASELINE, few), source())).isNull();

    // Unknown estimates, longer runs, and anything else to watch or limit keep their governor.
    for (ExportPlan governed :
        List.of(
            plan(TWICE_THE_BASELINE, -1),
            plan(TWICE_THE_BASELINE, Governor.SHORT_RUN_ROWS),
            plan(
                new GovernorSettings(0, 60_000, 0, 0, false)
                    .withSourceLatency(LatencyThreshold.relative(2)),
                few),
            plan(
                new GovernorSettings(0, 0, 1_000_000, 0, false)
                    .withSourceLatency(LatencyThreshold.relative(2)),
                few),
            plan(WATCHING, few))) {
      try (Governor governor = Governor.start(governed, source(), Duration.ofMillis(50))) {
        assertThat(governor).isNotNull();
      }
    }
  }

  @Test
  void shouldStartNoGovernorWithoutThresholdsOrLimits() throws Exception {
    assertThat(Governor.start(plan(GovernorSettings.NONE), source())).isNull();
  }

  @Test
  void shouldMeasureNoReplicaLagOnAPrimary() throws Exception {
    try (Connection c = PostgresFixture.connect()) {
      assertThat(Dialect.of(plan(WATCHING).source()).replicaLagSeconds(c)).isEmpty();
    }
  }

  private static GovernorReport await(Governor governor, Predicate<GovernorReport> done)
      throws InterruptedException {
    return await(governor, done, Duration.ofSeconds(30));
  }

  private static GovernorReport await(
      Governor governor, Predicate<GovernorReport> done, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      GovernorReport report = governor.report();
      if (done.test(report)) {
        return report;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError(
        "the governor did not get there in "
            + within.toSeconds()
            + " s: "
            + governor.report()
            + ", "
            + governor.history());
  }

  private static ExportPlan plan(GovernorSettings settings) throws Exception {
    return plan(settings, 1_000_000);
  }

  private static ExportPlan plan(GovernorSettings settings, long estimatedRows) throws Exception {
    return plan(TABLE, settings, estimatedRows);
  }

  private static ExportPlan plan(String relation, GovernorSettings settings, long estimatedRows)
      throws Exception {
    ExportPlan plan =
        PostgresFixture.plan(
            relation,
            PostgresFixture.columns("SELECT * FROM " + relation),
            Format.CSV,
            Compression.NONE,
            InfinityPolicy.DEFAULT,
            64L * 1024 * 1024);
    return new ExportPlan(
        plan.runId(),
        plan.export().withGovernor(settings),
        plan.source(),
        plan.columns(),
        plan.strategy(),
        plan.splitKey(),
        plan.chunks(),
        plan.parallelism(),
        estimatedRows,
        plan.createdAt(),
        plan.notes(),
        plan.cursor());
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }
}
