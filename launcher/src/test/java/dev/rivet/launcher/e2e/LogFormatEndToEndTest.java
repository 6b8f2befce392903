package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs rivet as a separate process, as a user does, with {@code --log-format text} and {@code
 * json}: every line about a chunk names the export, the run and the chunk; JSON lines parse; and a
 * secret of the config never reaches the log in either format. The secret (an S3 secret key the
 * config reads from the environment) is also part of the table's name, so the planning line would
 * print it in clear if the log did not go through the masking.
 */
@Timeout(300)
class LogFormatEndToEndTest {
  private static final String SECRET = "zq7logsecret";
  private static final String TABLE = "rivet_logs." + SECRET;
  private static final int ROWS = 2_000;
  private static final int CHUNK_ROWS = 250;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS rivet_logs",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldNameExportRunAndChunkOnEveryChunkLineOfATextLog() throws Exception {
    Run run = rivet("text", "run", "-c", config("text").toString(), "--log-format", "text");

    List<String> chunkLines =
        run.log()
            .lines()
            .filter(l -> l.contains("ChunkWorker") && l.contains(" rows in "))
            .toList();
    assertThat(chunkLines).as(run.log()).hasSize(ROWS / CHUNK_ROWS);
    String runId = runIdOf(run.log());
    for (String line : chunkLines) {
      assertThat(line)
          .as(run.log())
          .matches(
              "\\d\\d:\\d\\d:\\d\\d DEBUG ChunkWorker \\[export=logs run="
                  + runId
                  + " chunk=\\d+\\] - export logs chunk \\d+ .*");
      String chunk = line.replaceFirst(".* chunk=(\\d+)\\].*", "$1");
      assertThat(line).contains("export logs chunk " + chunk + " ");
    }
    assertThat(run.log())
        .as("the planning line, masked")
        .contains("[export=logs] - run 1/3: export logs: planning table rivet_logs.***");
    assertThat(run.log()).doesNotContain(SECRET);
    assertExportedAllRows(run);
  }

  @Test
  void shouldWriteOneJsonObjectPerLineWithTheRunsFieldsWhenAskedForJson() throws Exception {
    // The option is global: before the subcommand too.
    Run run = rivet("json", "--log-format", "json", "run", "-c", config("json").toString());

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.log().lines().toList()) {
      events.add(json.readTree(line)); // every line of standard error is one JSON object
    }
    List<JsonNode> chunkEvents =
        events.stream()
            .filter(e -> e.path("loggerName").asText().endsWith(".ChunkWorker"))
            .filter(e -> e.path("formattedMessage").asText().contains(" rows in "))
            .toList();
    assertThat(chunkEvents).as(run.log()).hasSize(ROWS / CHUNK_ROWS);
    String runId = chunkEvents.get(0).path("mdc").path("run").asText();
    assertThat(runId).isNotEmpty();
    List<String> chunks = new ArrayList<>();
    for (JsonNode event : chunkEvents) {
      JsonNode mdc = event.path("mdc");
      assertThat(mdc.path("export").asText()).isEqualTo("logs");
      assertThat(mdc.path("run").asText()).isEqualTo(runId);
      String chunk = mdc.path("chunk").asText();
      assertThat(event.path("formattedMessage").asText()).contains("export logs chunk " + chunk);
      assertThat(event.path("level").asText()).isEqualTo("DEBUG");
      chunks.add(chunk);
    }
    assertThat(chunks).doesNotHaveDuplicates();
    assertThat(events)
        .as("the planning line, masked")
        .anySatisfy(
            e ->
                assertThat(e.path("formattedMessage").asText())
                    .isEqualTo("run 1/3: export logs: planning table rivet_logs.***"));
    assertThat(run.log()).doesNotContain(SECRET);
    assertExportedAllRows(run);
  }

  @Test
  void shouldRejectAnUnknownLogFormatNamingTheValidOnes() throws Exception {
    Run run = rivet("bad", "--log-format", "xml", "run", "-c", config("bad").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.log())
        .contains("unknown log format 'xml' (valid values: text, json)")
        .doesNotContain("at dev.rivet");
  }

  private record Run(int exitCode, String log, Path out) {}

  private Run rivet(String name, String... args) throws Exception {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Map<String, String> env = new HashMap<>();
    env.put("RIVET_LOGS_S3_SECRET", SECRET);
    env.put("RIVET_LOG_LEVEL", "debug");
    Process process = JavaProcess.start(dir, "512m", env, out, err, args);
    assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("rivet finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(err, StandardCharsets.UTF_8),
        dir.resolve(name + "-out"));
  }

  private static String runIdOf(String log) {
    return log.lines()
        .filter(l -> l.contains(" run="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line names a run:\n" + log))
        .replaceFirst(".* run=([^ \\]]+).*", "$1");
  }

  private void assertExportedAllRows(Run run) throws Exception {
    assertThat(run.exitCode()).as(run.log()).isZero();
    List<String> exported =
        ExportedRows.csv(OutputFiles.onlyRunDir(run.out(), "logs"), CsvExports.ID_NOTE);
    try (Connection c = TestDatabase.connect()) {
      assertThat(exported)
          .hasSize(ROWS)
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
    }
  }

  private Path config(String name) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        TestDatabase.sourceYaml()
            + "state: "
            + name
            + "-state.db\n"
            + "s3:\n"
            + "  access_key_id: AKIDLOGS\n"
            + "  secret_access_key_env: RIVET_LOGS_S3_SECRET\n"
            + "exports:\n"
            + "  - name: logs\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    chunk_rows: "
            + CHUNK_ROWS
            + "\n"
            + "    destination: "
            + name
            + "-out\n");
  }
}
