package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governor on a real PostgreSQL: a rate limit bounds the run's rate; a lock that makes the
 * probe wait slows the run down, pauses it, and it resumes once the lock is gone; {@code
 * parallelism: auto} is chosen and explained at plan time. Every run's output is the source's rows
 * exactly.
 */
@Tag("slow")
@Timeout(180)
class GovernorEndToEndTest {
  private static final String TABLE = "rivet_governor_e2e";
  private static final String PROBE = "SELECT 1 FROM \"" + TABLE + "\" WHERE 1 = 0";
  private static final String SOURCE_ROWS = "SELECT id, note FROM " + TABLE;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 3000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadNoFasterThanMaxRowsPerSecondAcrossParallelReaders() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "rate",
            "table: " + TABLE,
            "chunk_rows: 500",
            "parallelism: 3",
            "tuning: {max_rows_per_second: 1000, max_source_latency: 0}");

    Cli.Result result = runJson(config, "rate");

    JsonNode run = JsonPins.json(result, 0).path("runs").get(0);
    // 3,000 rows at 1,000 rows/s: at least 3 s of reading, however many readers.
    assertThat(run.path("rows").asLong()).isEqualTo(3_000);
    assertThat(run.path("duration_seconds").asDouble()).isGreaterThanOrEqualTo(3.0);
    JsonNode governor = run.path("governor");
    JsonPins.pin(
        DocSection.named("json.md", "run"),
        governor,
        "probes",
        "probe_failures",
        "slowdowns",
        "pauses",
        "resumes",
        "paused_seconds",
        "throttled_seconds",
        "speedups",
        "latency_threshold_ms",
        "lowest_rows_per_second",
        "rebaselines");
    assertThat(governor.path("probes").asLong()).isZero();
    assertThat(governor.path("throttled_seconds").asDouble()).isGreaterThan(0);
    assertExact(dir.resolve("out"), "rate");
  }

  @Test
  void shouldReadNoFasterThanMaxBytesPerSecond() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "bytes",
            "table: " + TABLE,
            "chunk_rows: 1000",
            "parallelism: 2",
            "tuning: {max_bytes_per_second: 10000, read_protocol: copy}");
    // What binary COPY sends of the values: 8 bytes per bigint, the text's octets.
    long bytes =
        Long.parseLong(
            TestDatabase.queryString("SELECT sum(8 + octet_length(note)) FROM " + TABLE));

    Cli.Result result = runJson(config, "bytes");

    JsonNode run = JsonPins.json(result, 0).path("runs").get(0);
    assertThat(run.path("rows").asLong()).isEqualTo(3_000);
    assertThat(run.path("duration_seconds").asDouble()).isGreaterThanOrEqualTo(bytes / 10_000.0);
    assertThat(run.path("governor").path("throttled_seconds").asDouble()).isGreaterThan(0);
    assertExact(dir.resolve("out"), "bytes");
  }

  @Test
  void shouldHoldTheRateLimitInAWorker() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "worker",
            "table: " + TABLE,
            "chunk_rows: 1000",
            "parallelism: 2",
            "tuning: {max_rows_per_second: 1000}");
    Cli.Result planned = Cli.run("plan", "-c", config.toString(), "--export", "worker");
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    long started = System.nanoTime();
    Cli.Result worked = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(worked.exitCode()).as(worked.toString()).isZero();
    assertThat(worked.out()).contains("published the run");
    // 3,000 rows at 1,000 rows/s in this worker process: at least 3 s.
    assertThat(millis).isGreaterThanOrEqualTo(3_000);
    assertExact(dir.resolve("out"), "worker");
  }

  @Test
  void shouldPauseWhileALockHoldsTheProbeAndResumeAfter() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "locked",
            "table: " + TABLE,
            "chunk_rows: 100",
            "parallelism: 1",
            "tuning: {max_source_latency: 200ms, max_rows_per_second: 300}");

    // A process of its own: its log lines go to its standard error.
    Path out = dir.resolve("locked.out");
    Path err = dir.resolve("locked.err");
    Process rivet =
        JavaProcess.start(
            dir,
            "512m",
            out,
            err,
            "run",
            "-c",
            config.toString(),
            "--export",
            "locked",
            "--output",
            "json");
    try (Connection locker = TestDatabase.connect()) {
      // The governor probes as soon as the run starts reading.
      awaitProbe(rivet, "true");
      locker.setAutoCommit(false);
      try (var s = locker.createStatement()) {
        s.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
      }
      // Held until the probe has waited long enough for two samples over the threshold.
      awaitProbe(rivet, "wait_event_type = 'Lock' AND now() - query_start > interval '4 s'");
      locker.commit();
    } finally {
      if (!rivet.waitFor(120, TimeUnit.SECONDS)) {
        rivet.destroyForcibly();
      }
    }
    Cli.Result result =
        new Cli.Result(rivet.exitValue(), Files.readString(out), Files.readString(err));

    JsonNode run = JsonPins.json(result, 0).path("runs").get(0);
    JsonNode governor = run.path("governor");
    assertThat(governor.path("slowdowns").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("pauses").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("resumes").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("paused_seconds").asDouble()).isGreaterThan(0);
    assertThat(result.err())
        .contains("max_source_latency 200 ms: slowing down")
        .contains("max_source_latency 200 ms: pausing (no new chunk starts")
        .contains(": resuming at ")
        .contains(
            "[export=locked run=" + run.path("run_id").asText() + "] - governor: export locked");
    assertThat(run.path("rows").asLong()).isEqualTo(3_000);
    assertExact(dir.resolve("out"), "locked");
  }

  @Test
  void shouldHoldARelativeThresholdFromTheMeasuredBaselineAndReadExactly() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "relative",
            "table: " + TABLE,
            "chunk_rows: 100",
            "parallelism: 1",
            "tuning: {max_source_latency: 2x, max_rows_per_second: 300}");
    Path out = dir.resolve("relative.out");
    Path err = dir.resolve("relative.err");
    Process rivet =
        JavaProcess.start(
            dir,
            "512m",
            out,
            err,
            "run",
            "-c",
            config.toString(),
            "--export",
            "relative",
            "--output",
            "json");
    try (Connection locker = TestDatabase.connect()) {
      // After the baseline (taken before the run reads): a lock now is load, not the baseline.
      awaitLog(rivet, err, "baseline probe latency p90 ");
      awaitProbe(rivet, "true");
      // Injected load: the probe waits behind a lock, far over twice its baseline.
      locker.setAutoCommit(false);
      try (var s = locker.createStatement()) {
        s.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
      }
      awaitProbe(rivet, "wait_event_type = 'Lock' AND now() - query_start > interval '4 s'");
      locker.commit();
    } finally {
      if (!rivet.waitFor(120, TimeUnit.SECONDS)) {
        rivet.destroyForcibly();
      }
    }
    Cli.Result result =
        new Cli.Result(rivet.exitValue(), Files.readString(out), Files.readString(err));

    JsonNode run = JsonPins.json(result, 0).path("runs").get(0);
    JsonNode governor = run.path("governor");
    double baseline = governor.path("baseline_latency_ms").asDouble();
    double threshold = governor.path("latency_threshold_ms").asDouble();
    assertThat(baseline).as(result.toString()).isPositive();
    assertThat(threshold).isCloseTo(Math.max(0.5, 2 * baseline), within(0.002));
    assertThat(governor.path("slowdowns").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("pauses").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("resumes").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("lowest_rows_per_second").asLong()).isBetween(1L, 150L);
    assertThat(result.err())
        .contains("governor: export relative: max_source_latency 2x,")
        .contains("baseline probe latency p90 ")
        .contains(" over 10 probes before reading: max_source_latency 2x = ")
        .contains(": slowing down to ")
        .contains(": pausing (no new chunk starts")
        .contains(": resuming at ");
    assertThat(result.err().indexOf(": slowing down to "))
        .isLessThan(result.err().indexOf(": pausing (no new chunk starts"));
    assertThat(run.path("rows").asLong()).isEqualTo(3_000);
    assertExact(dir.resolve("out"), "relative");
  }

  @Test
  void shouldChooseParallelismAutoWithinItsLimitsAndSayWhy() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config("auto", "table: " + TABLE, "chunk_rows: 1000", "parallelism: auto");
    int cores = Runtime.getRuntime().availableProcessors();
    int expected = Math.min(Math.min(4, 2 * cores), 3);

    Cli.Result plan = Cli.run("plan", "-c", config.toString(), "--export", "auto");
    Cli.Result check = Cli.run("check", "-c", config.toString(), "--export", "auto");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    String why =
        "parallelism "
            + expected
            + " (auto, the fewest of: the profile allows up to 4; "
            + cores
            + (cores == 1 ? " core" : " cores")
            + " read up to "
            + 2 * cores
            + "; 3 chunks; ";
    assertThat(plan.out() + plan.err()).contains(why);
    assertThat(check.out() + check.err()).as(check.toString()).contains(why);
    assertThat(exports.run(config, "auto")).containsExactlyInAnyOrderElementsOf(query(SOURCE_ROWS));
  }

  private Cli.Result runJson(Path config, String export) {
    return Cli.run("run", "-c", config.toString(), "--export", export, "--output", "json");
  }

  private void assertExact(Path out, String export) throws Exception {
    Path runDir = ExportedRows.newRunDir(out, export, Set.of());
    List<String> rows = ExportedRows.csv(runDir, CsvExports.ID_NOTE);
    assertThat(rows).hasSize(3_000);
    assertThat(new HashSet<>(rows)).hasSize(3_000);
    assertThat(rows).containsExactlyInAnyOrderElementsOf(query(SOURCE_ROWS));
  }

  private static List<String> query(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, sql);
    }
  }

  /** Waits until {@code log} holds {@code text}. */
  private static void awaitLog(Process running, Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      if (!running.isAlive()) {
        throw new AssertionError("the run ended before its log said: " + text);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("the run's log did not say in 60 s: " + text);
  }

  /** Waits until a backend shows the governor's probe matching {@code condition}. */
  private static void awaitProbe(Process running, String condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = TestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid()"
                    + " AND "
                    + condition)) {
      ps.setString(1, PROBE);
      while (System.nanoTime() < deadline) {
        if (!running.isAlive()) {
          throw new AssertionError(
              "the run ended (exit "
                  + running.exitValue()
                  + ") before a probe matching "
                  + condition
                  + " was seen");
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new AssertionError("no probe matching " + condition + " within 60 s");
  }
}
