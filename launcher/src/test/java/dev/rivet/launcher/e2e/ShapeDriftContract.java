package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shape drift against a real database: 200 rows whose {@code note} is 100 bytes, {@code code} 'ab'
 * in a varchar(10) and {@code email} never NULL; each test changes the source between two runs and
 * reads the warning from the run summary, its JSON, a worker's output or standard error of a
 * stream, and checks the run's output against the source.
 */
@Timeout(300)
abstract class ShapeDriftContract {
  static final String TABLE = "rivet_shape_e2e";
  static final List<String> COLUMNS = List.of("id", "note", "code", "email");

  @TempDir Path dir;

  abstract Connection connect() throws SQLException;

  abstract void execute(String... statements) throws SQLException;

  abstract String sourceYaml();

  /**
   * Creates {@link #TABLE} (id int primary key, note text, code varchar(10), email varchar(100)).
   */
  abstract void createTable() throws SQLException;

  @BeforeEach
  void fill() throws SQLException {
    execute("DROP TABLE IF EXISTS " + TABLE);
    createTable();
  }

  @AfterEach
  void drop() throws SQLException {
    execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldWarnInTheJsonSummaryWhenATextColumnGrowsThreefold() throws Exception {
    Path config = config("out", "");
    Cli.Result first = Cli.run("run", "-c", config.toString(), "--output", "json");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(summary(first.out()).get("shape_drift")).isEmpty();
    String firstRun = newestRunId(config);
    execute("UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150");

    Cli.Result second = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    JsonNode drift = summary(second.out()).get("shape_drift");
    assertThat(drift).as(second.toString()).hasSize(1);
    assertThat(drift.get(0).get("code").asText()).isEqualTo("max_bytes_grew");
    assertThat(drift.get(0).get("column").asText()).isEqualTo("note");
    assertThat(drift.get(0).get("previous_run_id").asText()).isEqualTo(firstRun);
    assertThat(drift.get(0).get("previous").asLong()).isEqualTo(100);
    assertThat(drift.get(0).get("current").asLong()).isEqualTo(300);
    assertThat(drift.get(0).get("limit").asDouble()).isEqualTo(2.0);
    assertThat(drift.get(0).get("message").asText())
        .isEqualTo(
            "column note: longest value grew from 100 to 300 bytes, more than 2 times run "
                + firstRun
                + " (shape_drift_warn_factor)");
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldWarnAfterARunOnFlinksEmbeddedRuntime() throws Exception {
    Path config = config("out", "");
    Cli.Result first = Cli.run("run", "-c", config.toString(), "--runner", "flink");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String firstRun = newestRunId(config);
    execute("UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150");

    Cli.Result second =
        Cli.run("run", "-c", config.toString(), "--runner", "flink", "--output", "json");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    JsonNode drift = summary(second.out()).get("shape_drift");
    assertThat(drift).as(second.toString()).hasSize(1);
    assertThat(drift.get(0).get("code").asText()).isEqualTo("max_bytes_grew");
    assertThat(drift.get(0).get("previous_run_id").asText()).isEqualTo(firstRun);
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldNotWarnWhenTheGrowthStaysWithinTheConfiguredFactor() throws Exception {
    Path config = config("out", "    shape_drift_warn_factor: 4\n");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    execute("UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150");

    Cli.Result second = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(summary(second.out()).get("shape_drift")).as(second.toString()).isEmpty();
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldWarnInTheTextSummaryWhenTheNullShareJumps() throws Exception {
    Path config = config("out", "");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    String firstRun = newestRunId(config);
    execute("UPDATE " + TABLE + " SET email = NULL WHERE id <= 100");

    Cli.Result second = Cli.run("run", "-c", config.toString());

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .contains(
            "  shape drift: column email: NULL share rose from 0.0% to 50.0%, by at least 20.0%"
                + " since run "
                + firstRun
                + " (shape_drift_null_ratio_jump)")
        .doesNotContain("column note")
        .doesNotContain("column code");
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldWarnWhenTheLongestTextReachesNinetyPercentOfItsDeclaredLength() throws Exception {
    // Nine characters, eighteen bytes in UTF-8: the declared length counts characters.
    execute("UPDATE " + TABLE + " SET code = 'ééééééééé' WHERE id = 3");
    Path config = config("out", "");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode drift = summary(run.out()).get("shape_drift");
    assertThat(drift).as(run.toString()).hasSize(1);
    assertThat(drift.get(0).get("code").asText()).isEqualTo("near_declared_length");
    assertThat(drift.get(0).get("column").asText()).isEqualTo("code");
    assertThat(drift.get(0).get("previous").asLong()).isEqualTo(10);
    assertThat(drift.get(0).get("current").asLong()).isEqualTo(9);
    assertThat(drift.get(0).has("previous_run_id")).isFalse();
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldReportTheDriftFromTheWorkerThatPublishesTheRun() throws Exception {
    Path config = config("out", "");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    String firstRun = newestRunId(config);
    execute("UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150");
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    Cli.Result worker = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");

    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertThat(worker.out())
        .contains("published the run")
        .contains(
            "  shape drift: column note: longest value grew from 100 to 300 bytes, more than 2"
                + " times run "
                + firstRun);
    assertOutputMatchesSource(config);
  }

  @Test
  void shouldReportStreamedDriftOnStandardErrorNeverInTheData() throws Exception {
    Path config = config("\"-\"", "");
    Cli.Result first = Cli.run("run", "-c", config.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    execute("UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150");

    Cli.Result second = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).doesNotContain("shape").doesNotContain("longest value");
    JsonNode drift = summary(second.err()).get("shape_drift");
    assertThat(drift).as(second.toString()).hasSize(1);
    assertThat(drift.get(0).get("column").asText()).isEqualTo("note");
    Path data = Files.writeString(dir.resolve("stream.csv"), second.out(), StandardCharsets.UTF_8);
    List<String> streamed = ExportedRows.csvFile(data, COLUMNS);
    streamed.sort(null);
    assertThat(streamed).isEqualTo(sourceRows()).hasSize(200);
  }

  @Test
  void shouldShowEachColumnsTrendOverRecentRuns() throws Exception {
    Path config = config("out", "");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    String firstRun = newestRunId(config);
    execute(
        "UPDATE " + TABLE + " SET note = REPEAT('y', 300) WHERE id = 150",
        "UPDATE " + TABLE + " SET email = NULL WHERE id <= 50");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    String secondRun = newestRunId(config);

    Cli.Result text = Cli.run("state", "shape", "shape", "-c", config.toString());
    Cli.Result json =
        Cli.run("state", "shape", "shape", "-c", config.toString(), "--output", "json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly(
            "COLUMN", "RUN", "FINISHED", "ROWS", "NULLS", "NULL_RATIO", "MAX_BYTES", "MAX_CHARS");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("note "))
        .extracting(l -> List.of(l.split("\\s+")))
        .extracting(f -> f.get(1) + " " + f.get(6) + " " + f.get(7))
        .containsExactly(firstRun + " 100 100", secondRun + " 300 300");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("email "))
        .extracting(l -> List.of(l.split("\\s+")))
        .extracting(f -> f.get(4) + " " + f.get(5))
        .containsExactly("0 0.0%", "50 25.0%");
    JsonNode runs = new ObjectMapper().readTree(json.out()).get("runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(1).get("run_id").asText()).isEqualTo(secondRun);
    assertThat(runs.get(1).get("rows").asLong()).isEqualTo(200);
    JsonNode email = runs.get(1).get("columns").get(3);
    assertThat(email.get("column").asText()).isEqualTo("email");
    assertThat(email.get("null_ratio").asDouble()).isEqualTo(0.25);
    assertThat(runs.get(1).get("columns").get(0).get("max_bytes").isNull()).isTrue();
    Cli.Result none = Cli.run("state", "shape", "shape", "-c", config.toString(), "--runs", "0");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("--runs must be at least 1, got 0");
    Cli.Result unknown = Cli.run("state", "shape", "shapes", "-c", config.toString());
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("no export named 'shapes'; did you mean 'shape'? (exports: shape)")
        .doesNotContain("Exception");
  }

  private Path config(String destination, String extraKeys) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: shape\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    compression: none\n"
            + "    destination: "
            + destination
            + "\n"
            + "    chunk_rows: 100\n"
            + "    parallelism: 1\n"
            + extraKeys);
  }

  private static JsonNode summary(String json) throws Exception {
    JsonNode runs = new ObjectMapper().readTree(json).get("runs");
    assertThat(runs).as(json).hasSize(1);
    return runs.get(0);
  }

  private static String newestRunId(Path config) {
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    return runs.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
  }

  /** The newest run's files hold exactly the source's rows (by run id: folder names can tie). */
  private void assertOutputMatchesSource(Path config) throws Exception {
    Path newest = dir.resolve("out").resolve("shape").resolve(newestRunId(config));
    assertThat(ExportedRows.csv(newest, COLUMNS)).isEqualTo(sourceRows()).hasSize(200);
  }

  private List<String> sourceRows() throws SQLException {
    try (Connection c = connect()) {
      return ExportedRows.query(c, "SELECT id, note, code, email FROM " + TABLE);
    }
  }
}
