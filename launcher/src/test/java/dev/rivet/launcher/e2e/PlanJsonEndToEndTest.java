package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rivet plan --output json}: one document with each stored plan in the plan format. */
class PlanJsonEndToEndTest {
  private static final String TABLE = "rivet_e2e_planjson.items";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS rivet_e2e_planjson CASCADE",
        "CREATE SCHEMA rivet_e2e_planjson",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 100) g",
        "ANALYZE " + TABLE);
  }

  @Test
  void shouldPrintEachStoredPlanAsJson() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "exports:\n  - name: items\n    table: "
                + TABLE
                + "\n    destination: out\n    chunk_rows: 30\n");

    Cli.Result plan = Cli.run("plan", "-c", config.toString(), "--output", "json");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(plan.out());
    assertThat(json.path("command").asText()).isEqualTo("plan");
    assertThat(json.path("schema_version").asInt()).isEqualTo(1);
    assertThat(json.path("plans")).hasSize(1);
    JsonNode stored = json.path("plans").get(0);
    assertThat(stored.path("format_version").asInt()).isEqualTo(2);
    assertThat(stored.toString()).contains("\"items\"").contains("rivet_e2e_planjson");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString(), "--plans");
    assertThat(runs.out()).contains("PLAN (not run)");
    String runId =
        runs.out().lines().filter(l -> l.contains("PLAN (not run)")).findFirst().orElseThrow();
    assertThat(stored.toString()).contains(runId.substring(0, runId.indexOf(' ')));
  }
}
