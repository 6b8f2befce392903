package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.JsonPins.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet state chunks} and {@code state files} without {@code --run} show the newest run that
 * ran, as {@code rivet state runs} lists runs: a newer plan stored by {@code rivet plan} that never
 * ran is skipped, and an export with only such plans is an error that says how to reach them.
 */
class StateDefaultRunEndToEndTest {
  private static final String SCHEMA = "jsonpin_default_run";
  private static final String TABLE = SCHEMA + ".items";

  @TempDir static Path dir;
  private static Path config;
  private static String runId;
  private static String planId;

  @BeforeAll
  static void runThenPlan() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'note ' || g FROM generate_series(1, 90) g",
        "ANALYZE " + TABLE);
    config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\n"
                + "exports:\n"
                + "  - name: items\n    table: "
                + TABLE
                + "\n    destination: out\n    format: csv\n    chunk_rows: 40\n"
                + "  - name: planned\n    table: "
                + TABLE
                + "\n    destination: out\n    format: csv\n");
    JsonNode run =
        json(Cli.run("run", "-c", config.toString(), "--export", "items", "--output", "json"), 0);
    runId = run.path("runs").get(0).path("run_id").asText();
    // The newest record of `items` is now a plan that never ran.
    JsonNode plan =
        json(Cli.run("plan", "-c", config.toString(), "--export", "items", "--output", "json"), 0);
    planId = plan.path("plans").get(0).path("runId").asText();
    JsonNode all = state("runs", "--plans");
    assertThat(all.path("runs").get(0).path("run_id").asText()).isEqualTo(planId);
  }

  @Test
  void chunksWithoutRunShouldShowTheNewestRunThatRanNotTheNewerPlan() throws Exception {
    JsonNode chunks = state("chunks", "--export", "items");
    assertThat(chunks.path("run_id").asText()).isEqualTo(runId);
    long rows = 0;
    for (JsonNode chunk : chunks.path("chunks")) {
      assertThat(chunk.path("status").asText()).isEqualTo("PUBLISHED");
      rows += chunk.path("rows").asLong();
    }
    assertThat(rows).isEqualTo(sourceIds().size());

    // Without --export too: the newest run of the config's exports that ran.
    assertThat(state("chunks").path("run_id").asText()).isEqualTo(runId);
    Cli.Result text = Cli.run("state", "chunks", "-c", config.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("PUBLISHED").doesNotContain("PLANNED");

    // The plan is still reachable by its id.
    JsonNode planned = state("chunks", "--run", planId);
    assertThat(planned.path("run_id").asText()).isEqualTo(planId);
    assertThat(planned.path("chunks").get(0).path("status").asText()).isEqualTo("PLANNED");
  }

  @Test
  void filesWithoutRunShouldListTheFilesOfTheNewestRunThatRan() throws Exception {
    JsonNode files = state("files", "--export", "items");
    assertThat(files.path("run_id").asText()).isEqualTo(runId);
    assertThat(files.path("files")).isNotEmpty();
    List<String> exported = new java.util.ArrayList<>();
    for (JsonNode file : files.path("files")) {
      exported.addAll(
          ExportedRows.csvFile(Path.of(file.path("path").asText()), CsvExports.ID_NOTE));
    }
    List<String> source;
    try (var c = TestDatabase.connect()) {
      source = ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
    assertThat(exported).containsExactlyInAnyOrderElementsOf(source);
    assertThat(state("files").path("run_id").asText()).isEqualTo(runId);
  }

  @Test
  void anExportWithOnlyAPlanShouldFailNamingThePlansAndHowToReachThem() {
    JsonNode plan =
        json(
            Cli.run("plan", "-c", config.toString(), "--export", "planned", "--output", "json"), 0);
    String onlyPlan = plan.path("plans").get(0).path("runId").asText();
    for (String command : List.of("chunks", "files")) {
      Cli.Result result = Cli.run("state", command, "-c", config.toString(), "--export", "planned");
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains(
              "rivet: error: the state store has no runs of export 'planned', only 1 plan(s)"
                  + " that never ran")
          .contains("--run RUN_ID")
          .contains("rivet state runs --plans")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      assertThat(result.out()).isEmpty();
    }
    assertThat(state("chunks", "--run", onlyPlan).path("run_id").asText()).isEqualTo(onlyPlan);
  }

  private static JsonNode state(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("state"));
    all.addAll(List.of(args));
    all.addAll(List.of("-c", config.toString(), "--output", "json"));
    return json(Cli.run(all.toArray(String[]::new)), 0);
  }

  private static List<String> sourceIds() throws Exception {
    try (var c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id FROM " + TABLE);
    }
  }
}
