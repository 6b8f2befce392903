package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality contracts against MariaDB: the same checks, from Parquet and CSV files. */
@Tag("slow")
class MySqlQualityEndToEndTest {
  private static final String DB = "rivet_quality_my";

  @TempDir Path dir;
  private QualityRuns runs;

  @BeforeAll
  static void createDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @BeforeEach
  void setUp() {
    runs = new QualityRuns(dir, TestMariaDb.sourceYaml());
  }

  @Test
  void shouldNotPublishAParquetRunWithDuplicatesInTwoChunks() throws Exception {
    String t = DB + ".dups";
    TestMariaDb.execute(
        "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, code VARCHAR(20), note VARCHAR(40))",
        "INSERT INTO " + t + " SELECT seq, CONCAT('c', seq), CONCAT('n', seq) FROM seq_1_to_400",
        "UPDATE " + t + " SET code = 'c5' WHERE id = 395",
        "ANALYZE TABLE " + t);
    Path config =
        runs.config(
            "dups",
            "parquet",
            "table: " + t,
            "chunk_rows: 100",
            "quality: {unique_columns: [code, [id, code]], row_count_min: 400}");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(11);
    assertThat(result.err())
        .contains(
            "unique_columns [code]: 1 key(s) occur more than once (1 extra row(s)) (limit each key once); first: c5")
        .doesNotContain("unique_columns [id, code]")
        .doesNotContain("row_count_min:");
    Path run = runs.newestRun("dups");
    assertThat(run.resolve("_SUCCESS")).doesNotExist();
    assertThat(OutputFiles.dataFiles(run, ".parquet")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(runs.newestRunState("dups")).isEqualTo("failed|QUALITY");
    assertThat(QualityRuns.texts(QualityRuns.report(run).path("breaches").get(0).path("examples")))
        .isEqualTo(truth("SELECT code FROM " + t + " GROUP BY code HAVING count(*) > 1"));
    assertThat(QualityRuns.parquet(run, List.of("id", "code", "note")))
        .isEqualTo(truth("SELECT id, code, note FROM " + t));
  }

  @Test
  void shouldPublishAndReportBreachesOfNullRatioAndAcceptedValuesWhenWarned() throws Exception {
    String t = DB + ".warned";
    TestMariaDb.execute(
        "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, note VARCHAR(40))",
        "INSERT INTO "
            + t
            + " SELECT seq, CASE WHEN seq % 4 = 0 THEN NULL WHEN seq % 4 = 1 THEN 'paid'"
            + " ELSE 'new' END FROM seq_1_to_200",
        "UPDATE " + t + " SET note = 'refunded' WHERE id = 42",
        "ANALYZE TABLE " + t);
    Path config =
        runs.config(
            "warned",
            "csv",
            "table: " + t,
            "chunk_rows: 50",
            "quality: {null_ratio_max: {note: 0.2}, accepted_values: {note: [new, paid]}}",
            "on_quality_failure: warn");

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path run = runs.newestRun("warned");
    assertThat(run.resolve("_SUCCESS")).exists();
    assertThat(ExportedRows.csv(run, CsvExports.ID_NOTE))
        .isEqualTo(truth("SELECT id, note FROM " + t));
    JsonNode breaches =
        new ObjectMapper()
            .readTree(result.out())
            .path("runs")
            .get(0)
            .path("quality")
            .path("breaches");
    assertThat(breaches).hasSize(2);
    assertThat(breaches.get(0).path("found").asText()).isEqualTo("25% NULL (50 of 200 rows)");
    assertThat(breaches.get(1).path("check").asText()).isEqualTo("accepted_values");
    assertThat(QualityRuns.texts(breaches.get(1).path("examples")))
        .isEqualTo(truth("SELECT note FROM " + t + " WHERE note NOT IN ('new', 'paid')"));
    assertThat(runs.newestRunState("warned")).isEqualTo("succeeded|null");
  }

  private static List<String> truth(String sql) throws Exception {
    try (Connection c = TestMariaDb.connect()) {
      return ExportedRows.query(c, sql);
    }
  }
}
