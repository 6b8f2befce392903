package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@code rivet run} finishes the unfinished run of an unchanged config; a changed config is
 * never resumed silently.
 */
@Timeout(180)
class ResumeEndToEndTest {
  private static final String TABLE = "rivet_resume_e2e";
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeEach
  void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, due date, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, date '2026-01-01' + g % 300, 'n' || g"
            + " FROM generate_series(1, 8000) g",
        // One value in the last chunk cannot be written with on_infinity: fail.
        "UPDATE " + TABLE + " SET due = 'infinity' WHERE id = 7999",
        "ANALYZE " + TABLE);
  }

  @AfterEach
  void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFinishTheFailedRunOfAnUnchangedConfigOnAPlainRun() throws Exception {
    Path config = config("csv");
    Cli.Result failed = Cli.run("run", "-c", config.toString());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    assertThat(failed.err()).contains("the row where id = 7999");
    String failedRun = runIds(config).get(0);
    TestDatabase.execute("UPDATE " + TABLE + " SET due = NULL WHERE id = 7999");

    Cli.Result again = Cli.run("run", "-c", config.toString());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("resuming unfinished run " + failedRun);
    assertThat(runIds(config)).containsExactly(failedRun);
    Path runDir = dir.resolve("out").resolve("r").resolve(failedRun);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth());
    // Chunks are read one at a time: the three before the failed one were kept, not read again.
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    assertThat(chunks.out().lines().filter(l -> l.matches(".*PUBLISHED\\s+1\\s.*")).count())
        .as(chunks.toString())
        .isEqualTo(3);
    assertThat(chunks.out().lines().filter(l -> l.matches("3 .*PUBLISHED\\s+2\\s.*")).count())
        .as(chunks.toString())
        .isEqualTo(1);
    // The failed attempt stays on record with its class after the chunk succeeded.
    assertThat(chunks.out().lines().filter(l -> l.startsWith("3 ")).findFirst().orElseThrow())
        .endsWith("1:DATA");
  }

  @Test
  void shouldRefuseToResumeAfterAConfigChangeAndPlanAfreshOnAPlainRun() throws Exception {
    assertThat(Cli.run("run", "-c", config("csv").toString()).exitCode()).isEqualTo(7);
    String failedRun = runIds(config("csv")).get(0);
    TestDatabase.execute("UPDATE " + TABLE + " SET due = NULL WHERE id = 7999");
    Path changed = config("parquet");

    Cli.Result resume = Cli.run("run", "-c", changed.toString(), "--resume");

    assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err())
        .contains("run '" + failedRun + "' of export 'r' was planned with another config")
        .contains("format: CSV -> PARQUET")
        .contains("run without --resume to plan afresh");

    Cli.Result plain = Cli.run("run", "-c", changed.toString());

    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(plain.err())
        .doesNotContain("resuming")
        .contains("unfinished run " + failedRun + " is abandoned");
    assertThat(runIds(changed)).hasSize(2).contains(failedRun);
    assertThat(status(changed, failedRun)).isEqualTo("ABANDONED");
  }

  /**
   * {@code tuning.yield_to_sessions} decides the plan (one reader or more, the read protocol) once,
   * when it is made: a run planned with another value, or by a Rivet from before the key (its
   * stored plan reads as 0, the default now being 2), is finished by a plain run and by {@code
   * --resume} like an unchanged config, not abandoned.
   */
  @Test
  void shouldResumeARunPlannedWithAnotherYieldToSessions() throws Exception {
    Path before = config("csv", "    tuning:\n      yield_to_sessions: 0\n");
    String failedRun = failedThenFixed(before);
    Path now = config("csv");

    Cli.Result again = Cli.run("run", "-c", now.toString());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("resuming unfinished run " + failedRun);
    assertThat(runIds(now)).containsExactly(failedRun);
    Path runDir = dir.resolve("out").resolve("r").resolve(failedRun);
    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth());

    // --resume too; a setting that decides what a chunk reads (fetch_size) is still refused.
    failedThenFixed(before, "--fresh");
    Cli.Result refused =
        Cli.run("run", "-c", config("csv", "    fetch_size: 500\n").toString(), "--resume");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err())
        .contains("was planned with another config (")
        .contains("fetchSize: 10000 -> 500");
    Cli.Result resumed = Cli.run("run", "-c", now.toString(), "--resume");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    String second = runIds(now).get(0);
    assertThat(second).isNotEqualTo(failedRun);
    assertThat(ExportedRows.csv(dir.resolve("out").resolve("r").resolve(second), ID_NOTE))
        .isEqualTo(truth());
  }

  /**
   * The governor's thresholds and rate limits act only while a run reads: a user who stops a run
   * that hurts the source, lowers {@code max_rows_per_second} and runs again has the run resumed at
   * the new limit (not refused, not started over), with a line saying so; and a run planned with a
   * limit is resumed without it once the config lifts it.
   */
  @Test
  void shouldResumeUnderTheGovernorSettingsOfTheConfigNow() throws Exception {
    Path planned = config("csv", "    tuning:\n      max_rows_per_second: 100000\n");
    String failedRun = failedThenFixed(planned);
    Path slower = config("csv", "    tuning:\n      max_rows_per_second: 1000\n");

    Cli.Result resumed = Cli.run("run", "-c", slower.toString(), "--resume", "--output", "json");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err())
        .contains(
            "export r: run "
                + failedRun
                + " reads under the governor settings of the config now: max_rows_per_second"
                + " 1,000 (planned with max_rows_per_second 100,000)");
    assertThat(runIds(slower)).containsExactly(failedRun);
    JsonNode run = JsonPins.json(resumed, 0).path("runs").get(0);
    // The last chunk's 2,000 rows, read again at 1,000 rows/s: at least 2 s, throttled.
    assertThat(run.path("duration_seconds").asDouble()).isGreaterThanOrEqualTo(2.0);
    assertThat(run.path("governor").path("throttled_seconds").asDouble()).isGreaterThan(0);
    Path runDir = dir.resolve("out").resolve("r").resolve(failedRun);
    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth());

    // Planned with a limit, resumed by a plain run with none: no throttling, no refusal.
    String second = failedThenFixed(slower, "--fresh");
    Path lifted = config("csv");

    Cli.Result plain = Cli.run("run", "-c", lifted.toString(), "--output", "json");

    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(plain.err())
        .contains("resuming unfinished run " + second)
        .contains(
            "reads under the governor settings of the config now: no probe and no rate limit"
                + " (planned with max_rows_per_second 1,000)");
    assertThat(JsonPins.json(plain, 0).path("runs").get(0).path("governor").isMissingNode())
        .isTrue();
    assertThat(ExportedRows.csv(dir.resolve("out").resolve("r").resolve(second), ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldPlanANewRunWithFreshEvenWhenOneIsUnfinished() throws Exception {
    Path config = config("csv");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isEqualTo(7);
    TestDatabase.execute("UPDATE " + TABLE + " SET due = NULL WHERE id = 7999");

    Cli.Result fresh = Cli.run("run", "-c", config.toString(), "--fresh");

    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    List<String> runs = runIds(config);
    assertThat(runs).hasSize(2);
    assertThat(status(config, runs.get(1))).isEqualTo("ABANDONED");
    assertThat(status(config, runs.get(0))).isEqualTo("SUCCEEDED");
  }

  /**
   * Runs {@code config} (with {@code more} arguments) into the row that fails it (exit 7), then
   * mends the row; the failed run's id.
   */
  private static String failedThenFixed(Path config, String... more) throws Exception {
    TestDatabase.execute("UPDATE " + TABLE + " SET due = 'infinity' WHERE id = 7999");
    List<String> args = new ArrayList<>(List.of("run", "-c", config.toString()));
    args.addAll(List.of(more));
    Cli.Result failed = Cli.run(args.toArray(String[]::new));
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    TestDatabase.execute("UPDATE " + TABLE + " SET due = NULL WHERE id = 7999");
    return runIds(config).get(0);
  }

  private Path config(String format) throws Exception {
    return config(format, "");
  }

  private Path config(String format, String more) throws Exception {
    return Files.writeString(
        dir.resolve("rivet-" + format + (more.isEmpty() ? "" : "-" + more.hashCode()) + ".yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: r\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: "
            + format
            + "\n"
            + "    compression: none\n"
            + "    destination: out\n"
            + "    chunk_rows: 2000\n"
            + "    parallelism: 1\n"
            + "    on_infinity: fail\n"
            + more);
  }

  private static List<String> runIds(Path config) {
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    return runs.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
  }

  private static String status(Path config, String runId) {
    return Cli.run("state", "runs", "-c", config.toString())
        .out()
        .lines()
        .filter(l -> l.startsWith(runId + " "))
        .map(l -> l.split("\\s+")[2])
        .findFirst()
        .orElseThrow();
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
