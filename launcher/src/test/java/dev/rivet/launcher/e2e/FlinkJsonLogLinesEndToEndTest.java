package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet run --runner flink} (the embedded Flink runner) with {@code --log-format json} and
 * standard error going to a file, as a separate JVM: every line is a JSON object; each chunk gets
 * one progress line ({@code chunk written}) and one reader line, each carrying the export, the run
 * and that chunk in its MDC; and the files hold exactly the source's rows.
 */
@Tag("slow")
@Timeout(300)
class FlinkJsonLogLinesEndToEndTest {
  private static final String TABLE = "jsonpin_flink_logs";
  private static final int ROWS = 3000;
  private static final int CHUNKS = 3;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'note ' || g FROM generate_series(1, " + ROWS + ") g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldLogOneJsonLinePerChunkWithExportRunAndChunkOnEmbeddedFlink() throws Exception {
    Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: f\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: "
            + ROWS / CHUNKS
            + "\n    parallelism: 2\n");

    Cli.Result run =
        JavaProcess.rivet(
            dir,
            "1g",
            Map.of("RIVET_LOG_LEVEL", "debug"),
            "run",
            "-c",
            "rivet.yaml",
            "--runner",
            "flink",
            "--log-format",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.err().lines().toList()) {
      events.add(json.readTree(line)); // every line of standard error is one JSON object
    }
    String runId = storedRunId();
    assertThat(run.out()).contains(runId);
    Map<Integer, Long> rows = new HashMap<>();
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      for (ChunkRecord c : store.chunks(runId)) {
        rows.put(c.chunkIndex(), c.rows());
      }
    }
    assertThat(rows).hasSize(CHUNKS);

    // Progress: one INFO line per written chunk, its fields in the message and in the MDC.
    List<JsonNode> written =
        chunkLines(
            events,
            runId,
            e ->
                e.path("loggerName").asText().endsWith(".ChunkLines")
                    && e.path("formattedMessage").asText().startsWith("chunk written: "));
    for (JsonNode event : written) {
      String chunk = event.path("mdc").path("chunk").asText();
      assertThat(event.path("level").asText()).isEqualTo("INFO");
      assertThat(event.path("formattedMessage").asText())
          .startsWith(
              "chunk written: export=f run="
                  + runId
                  + " chunk="
                  + chunk
                  + " chunks="
                  + CHUNKS
                  + " rows="
                  + rows.get(Integer.parseInt(chunk))
                  + " ");
    }
    // The reader: one DEBUG line per chunk read, on a Flink task thread.
    List<JsonNode> read =
        chunkLines(
            events,
            runId,
            e ->
                e.path("loggerName").asText().endsWith(".ChunkWorker")
                    && e.path("formattedMessage").asText().contains(" rows in "));
    for (JsonNode event : read) {
      String chunk = event.path("mdc").path("chunk").asText();
      assertThat(event.path("formattedMessage").asText())
          .contains("export f chunk " + chunk + " ")
          .contains(" " + rows.get(Integer.parseInt(chunk)) + " rows in ");
    }

    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(dir.resolve("out/f/" + runId), CsvExports.ID_NOTE))
          .hasSize(ROWS)
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
    }
  }

  /**
   * The events {@code kind} selects: exactly one per chunk 0..n-1, each with {@code export}, {@code
   * run} and {@code chunk} in its MDC.
   */
  private static List<JsonNode> chunkLines(
      List<JsonNode> events, String runId, Predicate<JsonNode> kind) {
    List<JsonNode> lines = events.stream().filter(kind).toList();
    List<Integer> chunks = new ArrayList<>();
    for (JsonNode event : lines) {
      JsonNode mdc = event.path("mdc");
      assertThat(mdc.path("export").asText()).as(event.toString()).isEqualTo("f");
      assertThat(mdc.path("run").asText()).as(event.toString()).isEqualTo(runId);
      assertThat(mdc.path("chunk").asText()).as(event.toString()).matches("\\d+");
      chunks.add(Integer.parseInt(mdc.path("chunk").asText()));
    }
    assertThat(chunks)
        .as(lines.toString())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, CHUNKS).boxed().toList());
    return lines;
  }

  private String storedRunId() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      return store.runs("f", 1).get(0).runId();
    }
  }
}
