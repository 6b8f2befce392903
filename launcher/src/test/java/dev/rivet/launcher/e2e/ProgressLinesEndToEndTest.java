package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet run} with standard error going to a file (as under CI or cron): one log line per
 * written chunk with its fields, a heartbeat for a long chunk, on every path (pipeline, stream to
 * standard output, worker, Flink), and nothing of it with {@code --no-progress} or {@code --quiet}.
 * Each run is a separate JVM started like {@code bin/rivet} would be.
 */
@Timeout(300)
class ProgressLinesEndToEndTest {
  private static final String TABLE = "progress_lines_e2e";
  private static final int ROWS = 6000;
  private static final Pattern WRITTEN =
      Pattern.compile(
          "INFO ChunkLines \\[export=(\\S+) run=(\\S+) chunk=(\\d+)\\] - chunk written: export=\\1"
              + " run=\\2 chunk=\\3 chunks=(\\d+)"
              + " rows=(\\d+) bytes=(\\d+|-) duration=(\\d+\\.\\d)s attempt=(\\d+)");
  private static final Pattern RUN_ID = Pattern.compile("run (\\S+)  SUCCEEDED");

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
  void shouldLogOneLinePerWrittenChunkWithItsFieldsWhenStandardErrorIsAFile() throws Exception {
    config("destination: out");

    Cli.Result run = JavaProcess.rivet(dir, "512m", "run", "-c", "rivet.yaml");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = runId(run.out());
    assertChunkLines(run.err(), runId, 6);
    assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId), CsvExports.ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldLogChunkLinesOnStandardErrorOnlyWhenDataGoesToStandardOutput() throws Exception {
    config("destination: '-'");

    Cli.Result run = JavaProcess.rivet(dir, "512m", "run", "-c", "rivet.yaml");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path data = Files.writeString(dir.resolve("data.csv"), run.out());
    assertThat(ExportedRows.csvFile(data, CsvExports.ID_NOTE))
        .containsExactlyInAnyOrderElementsOf(truth());
    assertThat(run.out()).doesNotContain("chunk written").doesNotContain("SUCCEEDED");
    assertChunkLines(run.err(), runId(run.err()), 6, false);
  }

  @Test
  void shouldLogEveryChunkOfTheRunForAWorker() throws Exception {
    config("destination: out");
    Cli.Result plan = JavaProcess.rivet(dir, "512m", "plan", "-c", "rivet.yaml");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    String runId = storedRunId();

    Cli.Result worker =
        JavaProcess.rivet(dir, "512m", "run", "-c", "rivet.yaml", "--plan", runId, "--worker");

    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertThat(worker.out()).contains("6 chunk(s) written; published the run");
    assertChunkLines(worker.err(), runId, 6);
    assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId), CsvExports.ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  @Tag("slow")
  void shouldLogOneLinePerWrittenChunkOnTheEmbeddedFlinkRunner() throws Exception {
    config("destination: out");

    Cli.Result run = JavaProcess.rivet(dir, "1g", "run", "-c", "rivet.yaml", "--runner", "flink");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = runId(run.out());
    assertChunkLines(run.err(), runId, 6);
    assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId), CsvExports.ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldLogAHeartbeatForAChunkThatRunsLongerThanTheInterval() throws Exception {
    // One chunk (a query is read as one statement) that takes 3 s or more: 1 ms per row.
    Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: p\n    query: SELECT id, note FROM "
            + TABLE
            + " WHERE id <= 3000 AND pg_sleep(0.001) IS NOT NULL\n"
            + "    format: csv\n    compression: none\n    destination: out\n");

    Cli.Result run =
        JavaProcess.rivet(
            dir,
            "512m",
            Map.of("RIVET_PROGRESS_HEARTBEAT_SECONDS", "1"),
            "run",
            "-c",
            "rivet.yaml");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = runId(run.out());
    assertThat(run.err())
        .containsPattern(
            "INFO ChunkLines \\[export=p run="
                + Pattern.quote(runId)
                + " chunk=0\\] - chunk running: export=p run="
                + Pattern.quote(runId)
                + " chunk=0 chunks=1 running=\\d+\\.\\ds attempt=1 \\(rows are counted when the"
                + " chunk is written\\)");
    assertChunkLines(run.err(), runId, 1);
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId), CsvExports.ID_NOTE))
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE + " WHERE id <= 3000"));
    }
  }

  @Test
  void shouldLeaveOutChunkLinesButKeepOtherLogLinesWithNoProgress() throws Exception {
    config("destination: out");

    Cli.Result run = JavaProcess.rivet(dir, "512m", "run", "-c", "rivet.yaml", "--no-progress");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).doesNotContain("chunk written").contains("run 1/3: export p: planning");
    assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId(run.out())), CsvExports.ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldPrintOnlyTheSummaryWithQuiet() throws Exception {
    config("destination: out");

    Cli.Result run = JavaProcess.rivet(dir, "512m", "run", "-c", "rivet.yaml", "--quiet");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).doesNotContain("chunk written").doesNotContain(" INFO ");
    assertThat(run.out()).contains("SUCCEEDED").contains("rows 6,000");
    assertThat(ExportedRows.csv(dir.resolve("out/p/" + runId(run.out())), CsvExports.ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldRefuseAHeartbeatIntervalThatIsNotWholeSeconds() throws Exception {
    config("destination: out");

    Cli.Result run =
        JavaProcess.rivet(
            dir,
            "512m",
            Map.of("RIVET_PROGRESS_HEARTBEAT_SECONDS", "soon"),
            "run",
            "-c",
            "rivet.yaml");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "rivet: error: RIVET_PROGRESS_HEARTBEAT_SECONDS='soon' is not a whole number of"
                + " seconds from 1 to 86400")
        .contains("hint: unset it (30 seconds) or set it to e.g. 60")
        .doesNotContain("\tat ");
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }

  /**
   * One line per chunk 0..n-1 of the run, each once, with the export, the run's chunk count, the
   * chunk's rows and the bytes of its files as the state store recorded them, and the first
   * attempt.
   */
  private void assertChunkLines(String err, String runId, int chunks) {
    assertChunkLines(err, runId, chunks, true);
  }

  /** As above; without {@code bytesCounted} (a stream to standard output), {@code bytes=-}. */
  private void assertChunkLines(String err, String runId, int chunks, boolean bytesCounted) {
    Map<Integer, MatchResult> byChunk = new HashMap<>();
    Matcher m = WRITTEN.matcher(err);
    while (m.find()) {
      assertThat(byChunk.put(Integer.parseInt(m.group(3)), m.toMatchResult()))
          .as("a second line for chunk %s in %s", m.group(3), err)
          .isNull();
    }
    assertThat(byChunk.keySet())
        .as(err)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, chunks).boxed().toList());
    Map<Integer, Long> rows = new HashMap<>();
    Map<Integer, Long> bytes = new HashMap<>();
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      for (ChunkRecord c : store.chunks(runId)) {
        rows.put(c.chunkIndex(), c.rows());
      }
      for (WrittenFile f : store.files(runId)) {
        bytes.merge(f.chunkIndex(), f.bytes(), Long::sum);
      }
    }
    byChunk.forEach(
        (chunk, line) -> {
          assertThat(line.group(1)).isEqualTo("p");
          assertThat(line.group(2)).isEqualTo(runId);
          assertThat(line.group(4)).isEqualTo(String.valueOf(chunks));
          assertThat(Long.parseLong(line.group(5))).isEqualTo(rows.get(chunk)).isPositive();
          if (bytesCounted) {
            assertThat(Long.parseLong(line.group(6))).isEqualTo(bytes.get(chunk)).isPositive();
          } else {
            assertThat(line.group(6)).isEqualTo("-");
          }
          assertThat(line.group(8)).isEqualTo("1");
        });
  }

  private String storedRunId() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      return store.runs("p", 1).get(0).runId();
    }
  }

  private static String runId(String text) {
    Matcher m = RUN_ID.matcher(text);
    assertThat(m.find()).as("a run summary in %s", text).isTrue();
    return m.group(1);
  }

  private void config(String destination) throws Exception {
    Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: p\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    "
            + destination
            + "\n    chunk_rows: 1000\n    parallelism: 2\n");
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
