package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code rivet metrics} reports every run of the state store with its rows and speed. */
@Timeout(120)
class MetricsEndToEndTest {
  private static final String TABLE = "rivet_metrics_e2e";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, d date)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, date '2026-01-01' + g FROM generate_series(1, 5000) g");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldListEachRunWithItsRowsAndSpeedAndTotalsPerExport() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\n"
                + "exports:\n"
                + "  - name: m\n"
                + "    table: "
                + TABLE
                + "\n"
                + "    destination: out\n"
                + "    on_infinity: fail\n");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (5001, 'infinity')");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isEqualTo(7);
    TestDatabase.execute("DELETE FROM " + TABLE + " WHERE id = 5001");
    // A plan that is never run is not counted.
    assertThat(Cli.run("plan", "-c", config.toString()).exitCode()).isZero();

    Cli.Result json = Cli.run("metrics", "-c", config.toString(), "--output", "json");
    Cli.Result text = Cli.run("metrics", "-c", config.toString());

    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.get("runs")).hasSize(2);
    JsonNode failed = root.get("runs").get(0);
    JsonNode succeeded = root.get("runs").get(1);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("error_class").asText()).isEqualTo("DATA");
    assertThat(succeeded.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(succeeded.get("rows").asLong()).isEqualTo(5000);
    assertThat(succeeded.get("rows_per_second").asLong()).isPositive();
    assertThat(succeeded.get("duration_seconds").asDouble()).isPositive();
    JsonNode totals = root.get("exports").get("m");
    assertThat(totals.get("runs").asInt()).isEqualTo(2);
    assertThat(totals.get("succeeded").asInt()).isEqualTo(1);
    assertThat(totals.get("failed").asInt()).isEqualTo(1);
    assertThat(totals.get("rows_succeeded").asLong()).isEqualTo(5000);
    assertThat(text.out()).contains("ROWS/S").contains("5,000").contains("FAILED");
  }
}
