package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality contracts against PostgreSQL: each check breached and met, with {@code fail} (exit code
 * 11, no {@code _SUCCESS}, run FAILED, mark unchanged) and {@code warn} (published and reported),
 * on the Beam runner and on a worker; every published run's files compared with the source.
 */
@Tag("slow")
class QualityEndToEndTest {
  private static final String SCHEMA = "rivet_quality_e2e";
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;
  private QualityRuns runs;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @BeforeEach
  void setUp() {
    runs = new QualityRuns(dir, TestDatabase.sourceYaml());
  }

  @Test
  void shouldNotPublishAnIncrementalRunWithDuplicatesInTwoChunksAndKeepTheMark() throws Exception {
    String t = SCHEMA + ".inc";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, code int, note text)",
        "INSERT INTO " + t + " SELECT g, g, 'n' || g FROM generate_series(1, 300) g",
        "ANALYZE " + t);
    Path config =
        runs.config(
            "inc",
            "csv",
            "table: " + t,
            "chunk_rows: 100",
            "mode: incremental",
            "cursor: {column: id, type: int}",
            "quality: {unique_columns: [code]}");

    Cli.Result first = Cli.run("run", "-c", config.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(ExportedRows.csv(runs.newestRun("inc"), ID_NOTE))
        .isEqualTo(truth("SELECT id, note FROM " + t));
    assertThat(runs.mark("inc")).isEqualTo("300");

    // New rows: code 310 twice (ids 310 and 480), 330 three times (330, 470, 490).
    TestDatabase.execute(
        "INSERT INTO " + t + " SELECT g, g, 'n' || g FROM generate_series(301, 500) g",
        "UPDATE " + t + " SET code = 310 WHERE id = 480",
        "UPDATE " + t + " SET code = 330 WHERE id IN (470, 490)",
        "ANALYZE " + t);
    Cli.Result second = Cli.run("run", "-c", config.toString());

    assertThat(second.exitCode()).as(second.toString()).isEqualTo(FailureKind.QUALITY.exitCode());
    assertThat(second.exitCode()).isEqualTo(11);
    assertThat(second.err())
        .contains("unique_columns [code]: 2 key(s) occur more than once (3 extra row(s))")
        .contains("first: 310, 330")
        .contains("the cursor mark did not move");
    Path run = runs.newestRun("inc");
    assertThat(run.resolve("_SUCCESS")).doesNotExist();
    assertThat(run.resolve("manifest.json")).doesNotExist();
    assertThat(chunkFileOf(run, "310")).isNotEqualTo(chunkFileOf(run, "480"));
    JsonNode report = QualityRuns.report(run);
    assertThat(report.path("passed").asBoolean()).isFalse();
    assertThat(QualityRuns.texts(report.path("breaches").get(0).path("examples")))
        .isEqualTo(
            truth(
                "SELECT code FROM "
                    + t
                    + " WHERE id > 300 GROUP BY code HAVING count(*) > 1 ORDER BY code"));
    assertThat(runs.newestRunState("inc")).isEqualTo("failed|QUALITY");
    assertThat(runs.mark("inc")).as("the mark did not move").isEqualTo("300");
  }

  @Test
  void shouldPublishAndReportANullRatioBreachWhenTheExportSaysWarn() throws Exception {
    String t = SCHEMA + ".nulls";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO "
            + t
            + " SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END"
            + " FROM generate_series(1, 500) g",
        "ANALYZE " + t);
    Path config =
        runs.config(
            "nulls",
            "csv",
            "table: " + t,
            "chunk_rows: 100",
            "quality: {null_ratio_max: {note: 5%}, row_count_min: 1}",
            "on_quality_failure: warn");

    Cli.Result json = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(json.exitCode()).as(json.toString()).isZero();
    Path run = runs.newestRun("nulls");
    assertThat(run.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(run, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    JsonNode quality = new ObjectMapper().readTree(json.out()).path("runs").get(0).path("quality");
    assertThat(quality.path("passed").asBoolean()).isFalse();
    assertThat(quality.path("on_failure").asText()).isEqualTo("warn");
    assertThat(QualityRuns.texts(quality.path("checks")))
        .containsExactly("row_count_min", "null_ratio_max [note]");
    JsonNode breach = quality.path("breaches").get(0);
    assertThat(breach.path("check").asText()).isEqualTo("null_ratio_max");
    assertThat(breach.path("found").asText())
        .isEqualTo(
            "10% NULL ("
                + truth("SELECT count(*) FROM " + t + " WHERE note IS NULL").get(0)
                + " of 500 rows)");
    assertThat(runs.newestRunState("nulls")).isEqualTo("succeeded|null");

    Cli.Result text = Cli.run("run", "-c", config.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("quality BROKEN, 1 of 2 check(s), published anyway (on_quality_failure: warn)")
        .contains("null_ratio_max [note]: 10% NULL (50 of 500 rows) (limit 5%)");
  }

  @Test
  void shouldHoldBackRunsOutsideTheRowCountBoundsAndTheChangeFromThePreviousPublishedRun()
      throws Exception {
    String t = SCHEMA + ".counts";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + t + " SELECT g, 'n' || g FROM generate_series(1, 100) g");

    Cli.Result tooFew =
        Cli.run(
            "run",
            "-c",
            runs.config("few", "csv", "table: " + t, "quality: {row_count_min: 101}").toString());
    assertThat(tooFew.exitCode()).as(tooFew.toString()).isEqualTo(11);
    assertThat(tooFew.err()).contains("row_count_min: 100 rows (limit >= 101)");
    assertThat(runs.newestRun("few").resolve("_SUCCESS")).doesNotExist();

    Cli.Result tooMany =
        Cli.run(
            "run",
            "-c",
            runs.config("many", "csv", "table: " + t, "quality: {row_count_max: 99}").toString());
    assertThat(tooMany.exitCode()).as(tooMany.toString()).isEqualTo(11);
    assertThat(tooMany.err()).contains("row_count_max: 100 rows (limit <= 99)");

    Path change =
        runs.config(
            "change",
            "csv",
            "table: " + t,
            "quality: {row_count_min: 100, row_count_max: 1000, row_count_change_max: 50%}");
    Cli.Result first = Cli.run("run", "-c", change.toString());
    assertThat(first.exitCode()).as("no previous run to compare with: " + first).isZero();
    assertThat(ExportedRows.csv(runs.newestRun("change"), ID_NOTE))
        .isEqualTo(truth("SELECT id, note FROM " + t));

    TestDatabase.execute(
        "INSERT INTO " + t + " SELECT g, 'n' || g FROM generate_series(101, 160) g");
    Cli.Result grown = Cli.run("run", "-c", change.toString());
    assertThat(grown.exitCode()).as(grown.toString()).isEqualTo(11);
    assertThat(grown.err())
        .contains(
            "row_count_change_max: 60% change (160 rows, the previous published run had 100)"
                + " (limit 50%)");

    // Compared with the last published run (100 rows), not with the failed one (160).
    TestDatabase.execute("DELETE FROM " + t + " WHERE id > 140");
    Cli.Result shrunk = Cli.run("run", "-c", change.toString());
    assertThat(shrunk.exitCode()).as(shrunk.toString()).isZero();
    Path run = runs.newestRun("change");
    assertThat(run.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(run, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    assertThat(QualityRuns.report(run).path("previous_rows").asLong()).isEqualTo(100);
  }

  @Test
  void shouldRejectValuesOutsideTheAcceptedOnesAndPublishOnceTheyAreFixed() throws Exception {
    String t = SCHEMA + ".statuses";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO "
            + t
            + " SELECT g, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3] FROM generate_series(1, 300) g",
        "UPDATE " + t + " SET note = 'lost' WHERE id IN (77, 177)",
        "UPDATE " + t + " SET note = 'LOST' WHERE id = 250",
        "UPDATE " + t + " SET note = NULL WHERE id = 5");
    Path config =
        runs.config(
            "statuses",
            "csv",
            "table: " + t,
            "chunk_rows: 100",
            "quality: {accepted_values: {note: [new, paid, shipped]}}");

    Cli.Result broken = Cli.run("run", "-c", config.toString());

    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(11);
    assertThat(broken.err()).contains("accepted_values [note]: 3 row(s) with another value");
    JsonNode breach = QualityRuns.report(runs.newestRun("statuses")).path("breaches").get(0);
    assertThat(QualityRuns.texts(breach.path("examples")))
        .containsExactlyInAnyOrderElementsOf(
            truth(
                "SELECT DISTINCT note FROM "
                    + t
                    + " WHERE note NOT IN ('new', 'paid', 'shipped')"));

    TestDatabase.execute("UPDATE " + t + " SET note = 'shipped' WHERE note IN ('lost', 'LOST')");
    Cli.Result fixed = Cli.run("run", "-c", config.toString());
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    Path run = runs.newestRun("statuses");
    assertThat(run.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(run, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    assertThat(QualityRuns.report(run).path("passed").asBoolean()).isTrue();
  }

  @Test
  void shouldFailARunPublishedByAWorkerThatFindsDuplicates() throws Exception {
    String t = SCHEMA + ".by_worker";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, code int, note text)",
        "INSERT INTO " + t + " SELECT g, g, 'n' || g FROM generate_series(1, 300) g",
        "UPDATE " + t + " SET code = 1 WHERE id = 299",
        "ANALYZE " + t);
    Path config =
        runs.config(
            "by_worker",
            "csv",
            "table: " + t,
            "chunk_rows: 100",
            "quality: {unique_columns: [code]}");
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    Cli.Result worker =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "w1");

    assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(11);
    assertThat(worker.err()).contains("unique_columns [code]").contains("first: 1");
    Path run = runs.newestRun("by_worker");
    assertThat(run.getFileName().toString()).isEqualTo(runId);
    assertThat(run.resolve("_SUCCESS")).doesNotExist();
    assertThat(chunkFileOf(run, "1")).isNotEqualTo(chunkFileOf(run, "299"));
    assertThat(runs.newestRunState("by_worker")).isEqualTo("failed|QUALITY");
    Cli.Result late =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "w2");
    assertThat(late.exitCode())
        .as("a worker joining later reports the failure: " + late)
        .isEqualTo(11);
    assertThat(late.err()).contains("broke its quality contract");
    assertThat(ExportedRows.csv(run, ID_NOTE))
        .as("the files were written, just not published")
        .isEqualTo(truth("SELECT id, note FROM " + t));
  }

  @Test
  void shouldCheckCompositeUniqueKeysInParquetFiles() throws Exception {
    String t = SCHEMA + ".pairs";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, a int, b int, note text)",
        "INSERT INTO " + t + " SELECT g, g % 7, g / 7, 'n' || g FROM generate_series(1, 700) g",
        "ANALYZE " + t);
    Path config =
        runs.config(
            "pairs",
            "parquet",
            "table: " + t,
            "chunk_rows: 200",
            "quality: {unique_columns: [id, [a, b]]}");

    Cli.Result unique = Cli.run("run", "-c", config.toString());
    assertThat(unique.exitCode()).as("a repeats, but (a, b) does not: " + unique).isZero();
    List<String> columns = List.of("id", "a", "b", "note");
    assertThat(QualityRuns.parquet(runs.newestRun("pairs"), columns))
        .isEqualTo(truth("SELECT id, a, b, note FROM " + t));

    TestDatabase.execute("INSERT INTO " + t + " VALUES (1000, 1, 0, 'again'), (1001, 2, 0, NULL)");
    Cli.Result repeated = Cli.run("run", "-c", config.toString());

    assertThat(repeated.exitCode()).as(repeated.toString()).isEqualTo(11);
    assertThat(repeated.err())
        .contains("unique_columns [a, b]: 2 key(s) occur more than once (2 extra row(s))")
        .contains("first: (1, 0), (2, 0)")
        .doesNotContain("unique_columns [id]");
    assertThat(QualityRuns.parquet(runs.newestRun("pairs"), columns))
        .isEqualTo(truth("SELECT id, a, b, note FROM " + t));
  }

  @Test
  void shouldHoldBackARunWithDuplicatesOnFlinkAndPublishItOnceTheyAreGone() throws Exception {
    String t = SCHEMA + ".on_flink";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, code int, note text)",
        "INSERT INTO " + t + " SELECT g, g, 'n' || g FROM generate_series(1, 300) g",
        "UPDATE " + t + " SET code = 2 WHERE id = 202",
        "ANALYZE " + t);
    Path config =
        runs.config(
            "on_flink",
            "csv",
            "table: " + t,
            "chunk_rows: 100",
            "quality: {unique_columns: [code], row_count_min: 300}");

    Cli.Result broken = Cli.run("run", "-c", config.toString(), "--runner", "flink");

    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(11);
    assertThat(broken.err()).contains("unique_columns [code]").contains("first: 2");
    Path failed = runs.newestRun("on_flink");
    assertThat(failed.resolve("_SUCCESS")).doesNotExist();
    assertThat(runs.newestRunState("on_flink")).isEqualTo("failed|QUALITY");

    TestDatabase.execute("UPDATE " + t + " SET code = 202 WHERE id = 202");
    Cli.Result fixed = Cli.run("run", "-c", config.toString(), "--runner", "flink");

    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    assertThat(fixed.err()).contains("is abandoned");
    Path run = runs.newestRun("on_flink");
    assertThat(run).isNotEqualTo(failed);
    assertThat(run.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(run, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    assertThat(fixed.out()).contains("quality passed (2 check(s))");
  }

  @Test
  void shouldRefuseAContractNamingAColumnTheExportDoesNotHaveBeforeReading() throws Exception {
    String t = SCHEMA + ".named";
    TestDatabase.execute("CREATE TABLE " + t + " (id bigint PRIMARY KEY, Code int)");
    Path config =
        runs.config("named", "csv", "table: " + t, "quality: {unique_columns: [[id, Code]]}");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "export 'named': quality.unique_columns names column 'Code', which the export does"
                + " not have (did you mean 'code'?); its columns are id, code")
        .contains("fix the column name under quality.unique_columns");
    assertThat(dir.resolve("out").resolve("named")).doesNotExist();
  }

  /** The data file of a CSV run holding the row whose first column is {@code id}. */
  private static Path chunkFileOf(Path run, String id) throws Exception {
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        if (ExportedRows.csvFile(file, List.of("id")).contains(id)) {
          return file;
        }
      }
    }
    throw new AssertionError("no file of " + run + " holds id " + id);
  }

  private static List<String> truth(String sql) throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, sql);
    }
  }
}
