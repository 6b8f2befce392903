package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.CrashPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes on one stored plan, with the state in PostgreSQL: one is killed (a JVM
 * halt, like {@code kill -9}) in the middle of its chunk; the two others take that chunk over once
 * its claim expires, write every other chunk exactly once between them, and one of them publishes
 * the run.
 */
@Tag("slow")
@Timeout(300)
class WorkersEndToEndTest {
  private static final String TABLE = "rivet_workers_e2e";
  private static final String SCHEMA = "rivet_workers_e2e_state";
  private static final List<String> ID_NOTE = List.of("id", "note");
  private static final Pattern SUMMARY =
      Pattern.compile("worker (\\S+): run \\S+: (\\d+) chunk\\(s\\) written(; published the run)?");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 60000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldWriteEveryChunkOnceAndTakeOverTheChunkOfAKilledWorker() throws Exception {
    Path config = config();
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];
    int chunkCount = Integer.parseInt(query("SELECT chunk_count FROM " + SCHEMA + ".runs").get(0));
    assertThat(chunkCount).isGreaterThanOrEqualTo(50);

    // The first worker halts after its first chunk's file is in place, before state records it:
    // the chunk stays RUNNING under a claim nobody renews.
    Process doomed = worker(runId, "doomed", Map.of("RIVET_CRASH_AT", "chunk-file-renamed"));
    assertThat(doomed.waitFor(2, TimeUnit.MINUTES)).as("the doomed worker halted").isTrue();
    assertThat(doomed.exitValue()).isEqualTo(CrashPoint.EXIT_CODE);
    assertThat(query("SELECT chunk_index, status, claimed_by FROM " + SCHEMA + ".chunks"))
        .contains("0|running|doomed");

    // Both log JSON lines, with a line for every chunk (RIVET_LOG_LEVEL=debug).
    Process b = worker(runId, "b", Map.of("RIVET_LOG_LEVEL", "debug"), "--log-format", "json");
    Process c = worker(runId, "c", Map.of("RIVET_LOG_LEVEL", "debug"), "--log-format", "json");
    assertThat(b.waitFor(2, TimeUnit.MINUTES)).as("worker b finished").isTrue();
    assertThat(c.waitFor(2, TimeUnit.MINUTES)).as("worker c finished").isTrue();
    assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.err"))).isZero();
    assertThat(c.exitValue()).as(Files.readString(dir.resolve("c.err"))).isZero();

    Matcher fromB = summary("b");
    Matcher fromC = summary("c");
    assertThat(Integer.parseInt(fromB.group(2)) + Integer.parseInt(fromC.group(2)))
        .as("every chunk written by exactly one surviving worker")
        .isEqualTo(chunkCount);
    assertThat(Stream.of(fromB, fromC).filter(m -> m.group(3) != null).count())
        .as("one worker published the run")
        .isEqualTo(1);
    assertThat(query("SELECT status FROM " + SCHEMA + ".runs WHERE run_id = '" + runId + "'"))
        .containsExactly("succeeded");
    List<String> attempts =
        query("SELECT chunk_index, status, attempts FROM " + SCHEMA + ".chunks");
    assertThat(attempts).hasSize(chunkCount).contains("0|published|2");
    assertThat(attempts.stream().filter(row -> !row.startsWith("0|")))
        .as("no other chunk was written twice")
        .allMatch(row -> row.endsWith("|published|1"));

    Path run = dir.resolve("out").resolve("w").resolve(runId);
    assertThat(run.resolve("_SUCCESS")).exists();
    try (Connection db = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(run, ID_NOTE))
          .isEqualTo(ExportedRows.query(db, "SELECT id, note FROM " + TABLE));
    }
    assertEveryChunkOnceInTheManifest(run, chunkCount);
    List<String> logged = new ArrayList<>();
    logged.addAll(chunkLines("b", runId, Integer.parseInt(fromB.group(2))));
    logged.addAll(chunkLines("c", runId, Integer.parseInt(fromC.group(2))));
    assertThat(logged).as("a log line per chunk, in the worker that wrote it").hasSize(chunkCount);
  }

  /**
   * The chunks of a worker's JSON log lines about a written chunk, each line checked to name the
   * export, the run and the chunk it is about; one per chunk the worker wrote.
   */
  private List<String> chunkLines(String worker, String runId, int written) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> chunks = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(worker + ".err"))) {
      JsonNode event = json.readTree(line);
      if (event.path("loggerName").asText().endsWith(".ChunkWorker")
          && event.path("formattedMessage").asText().contains(" rows in ")) {
        JsonNode mdc = event.path("mdc");
        assertThat(mdc.path("export").asText()).as(line).isEqualTo("w");
        assertThat(mdc.path("run").asText()).as(line).isEqualTo(runId);
        assertThat(event.path("formattedMessage").asText())
            .as(line)
            .startsWith("export w chunk " + mdc.path("chunk").asText() + " ");
        chunks.add(mdc.path("chunk").asText());
      }
    }
    assertThat(chunks).hasSize(written).doesNotHaveDuplicates();
    return chunks;
  }

  private Process worker(String runId, String name, Map<String, String> env, String... options)
      throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("RIVET_CLAIM_TTL_SECONDS", "3");
    List<String> args =
        new ArrayList<>(
            List.of("run", "-c", "rivet.yaml", "--plan", runId, "--worker", "--worker-id", name));
    args.addAll(List.of(options));
    return JavaProcess.start(
        dir,
        "512m",
        all,
        dir.resolve(name + ".out"),
        dir.resolve(name + ".err"),
        args.toArray(new String[0]));
  }

  private Matcher summary(String worker) throws Exception {
    String out = Files.readString(dir.resolve(worker + ".out"));
    Matcher m = SUMMARY.matcher(out);
    assertThat(m.find()).as("summary of worker %s in %s", worker, out).isTrue();
    assertThat(m.group(1)).isEqualTo(worker);
    return m;
  }

  /** The manifest lists each chunk's files once, and the folder holds nothing else. */
  private static void assertEveryChunkOnceInTheManifest(Path run, int chunkCount) throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    List<String> entries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    manifest
        .get("files")
        .forEach(
            f -> {
              entries.add(f.get("chunk").asText() + "/" + f.get("file").asText());
              names.add(Path.of(f.get("path").asText()).getFileName().toString());
            });
    assertThat(entries).doesNotHaveDuplicates();
    assertThat(entries.stream().map(e -> e.substring(0, e.indexOf('/'))).distinct().count())
        .isEqualTo(chunkCount);
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(names.stream(), Stream.of("manifest.json", "_SUCCESS")).toList());
    }
  }

  private Path config() throws Exception {
    String stateUrl =
        TestDatabase.URL
            + (TestDatabase.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + SCHEMA
            + "&user="
            + TestDatabase.USER
            + (TestDatabase.PASSWORD.isEmpty() ? "" : "&password=" + TestDatabase.PASSWORD);
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: \""
            + stateUrl
            + "\"\nexports:\n  - name: w\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 1000\n    parallelism: 1\n");
  }

  private static List<String> query(String sql) throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, sql);
    }
  }
}
