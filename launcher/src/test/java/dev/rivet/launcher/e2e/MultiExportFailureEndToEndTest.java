package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One failing export of a config does not keep the others from running: they publish exactly the
 * source rows, the failure is reported, and the command exits with the failure's code.
 */
class MultiExportFailureEndToEndTest {
  private static final String SCHEMA = "rivet_e2e_multi";
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TABLE " + SCHEMA + ".first (id int PRIMARY KEY, note text)",
        "INSERT INTO " + SCHEMA + ".first SELECT g, 'first ' || g FROM generate_series(1, 300) g",
        "CREATE TABLE " + SCHEMA + ".second (id int PRIMARY KEY, note text)",
        "INSERT INTO " + SCHEMA + ".second SELECT g, 'second ' || g FROM generate_series(1, 20) g",
        "CREATE TABLE " + SCHEMA + ".third (id int PRIMARY KEY, note text)",
        "INSERT INTO "
            + SCHEMA
            + ".third SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'third ' || g END"
            + " FROM generate_series(1, 500) g");
  }

  @Test
  @Timeout(300)
  void aFailingExportShouldNotKeepTheOthersFromRunning() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "defaults:\n  destination: "
                + dir.resolve("out")
                + "\nexports:\n"
                + "  - name: first\n    table: "
                + SCHEMA
                + ".first\n"
                + "  - name: second\n    table: "
                + SCHEMA
                + ".second\n    quality:\n      row_count_min: 1000\n"
                + "  - name: third\n    table: "
                + SCHEMA
                + ".third\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(11);
    assertThat(run.err())
        .contains("rivet: error: ")
        .contains("1 of 3 exports failed: second (exit code 11)");
    assertPublishedExactly("first");
    assertPublishedExactly("third");
    try (var runs = Files.list(OutputFiles.onlyRunDir(dir.resolve("out"), "second"))) {
      assertThat(runs.map(p -> p.getFileName().toString()).toList()).doesNotContain("_SUCCESS");
    }
  }

  @Test
  @Timeout(300)
  void jsonOutputShouldListTheRunsAndTheFailures() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "defaults:\n  destination: "
                + dir.resolve("out")
                + "\nexports:\n"
                + "  - name: first\n    table: "
                + SCHEMA
                + ".first\n"
                + "  - name: second\n    table: "
                + SCHEMA
                + ".second\n    quality:\n      row_count_min: 1000\n");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(11);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("runs")).hasSize(1);
    assertThat(json.path("runs").get(0).path("export").asText()).isEqualTo("first");
    assertThat(json.path("runs").get(0).path("rows").asLong()).isEqualTo(300);
    JsonNode failure = json.path("failures").get(0);
    assertThat(failure.path("export").asText()).isEqualTo("second");
    assertThat(failure.path("kind").asText()).isEqualTo("quality");
    assertThat(failure.path("exit_code").asInt()).isEqualTo(11);
    assertThat(failure.path("message").asText()).contains("row_count_min");
    // The failure names the run it concerns: the failed run of that export.
    assertFailedRun(config, "second", failure.path("run").asText());
  }

  @Test
  @Timeout(120)
  void aSingleFailingExportUnderJsonOutputShouldPrintOneErrorObject() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "exports:\n  - name: second\n    table: "
                + SCHEMA
                + ".second\n    destination: "
                + dir.resolve("out")
                + "\n    quality:\n      row_count_min: 1000\n");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(11);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("command").asText()).isEqualTo("run");
    assertThat(json.path("schema_version").asInt()).isEqualTo(1);
    assertThat(json.path("error").path("kind").asText()).isEqualTo("quality");
    assertThat(json.path("error").path("exit_code").asInt()).isEqualTo(11);
    assertThat(json.path("error").path("hint").asText()).isNotBlank();
    assertFailedRun(config, "second", json.path("error").path("run").asText());
    assertThat(run.err()).contains("rivet: error: ");
  }

  /** {@code runId} is the newest run of {@code export}, and it failed. */
  private static void assertFailedRun(Path config, String export, String runId) throws Exception {
    Cli.Result runs =
        Cli.run("state", "runs", "-c", config.toString(), "--export", export, "--output", "json");
    JsonNode newest = new ObjectMapper().readTree(runs.out()).path("runs").get(0);
    assertThat(newest.path("run_id").asText()).as(runs.toString()).isEqualTo(runId);
    assertThat(newest.path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  @Timeout(120)
  void aSingleFailingExportShouldFailAsBefore() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "exports:\n  - name: second\n    table: "
                + SCHEMA
                + ".second\n    destination: "
                + dir.resolve("out")
                + "\n    quality:\n      row_count_min: 1000\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(11);
    assertThat(run.err()).doesNotContain("exports failed");
  }

  private void assertPublishedExactly(String table) throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), table);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
    Map<String, String> source = ColumnChecksums.ofPostgres(SCHEMA + "." + table, CANONICAL);
    assertThat(files.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(files.sums()).isEqualTo(source);
  }
}
