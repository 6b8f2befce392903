package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's value warnings (here PostgreSQL {@code infinity} clamped by {@code on_infinity: clamp})
 * are counted once per written file and total the same in the manifest and the run summary however
 * the run was completed: in one go, resumed after a failed attempt that wrote the chunks holding
 * the warnings, or by a worker that publishes the run from state; a run streamed to standard output
 * records each chunk's own warnings in state.
 */
@Timeout(180)
class WarningsEndToEndTest {
  private static final String TABLE = "rivet_warnings_e2e";
  private static final Pattern ATTEMPTS = Pattern.compile("\\sPUBLISHED\\s+(\\d+)\\s");
  private static final Map<String, Long> CLAMPED = Map.of("infinity_clamped", 4L);

  @TempDir Path dir;

  @BeforeEach
  void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, at timestamptz, amount numeric(10,2))",
        "INSERT INTO "
            + TABLE
            + " SELECT g, timestamptz '2026-01-01 00:00:00Z' + g * interval '1 minute', g / 100.0"
            + " FROM generate_series(1, 8000) g",
        // Chunks are 2000 rows: three clamped values in chunk 0, one in chunk 2.
        "UPDATE " + TABLE + " SET at = 'infinity' WHERE id IN (5, 7, 4500)",
        "UPDATE " + TABLE + " SET at = '-infinity' WHERE id = 6",
        "ANALYZE " + TABLE);
  }

  @AfterEach
  void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldTotalEachFilesWarningsInTheManifestAndSummaryOfAPlainRun() throws Exception {
    Path config = config();

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = onlyRunId(config);
    assertThat(manifestWarnings(runId)).isEqualTo(CLAMPED);
    assertThat(summaryWarnings(run)).isEqualTo(CLAMPED);
  }

  @Test
  void shouldKeepTheWarningsOfChunksWrittenByTheFailedAttemptWhenResuming() throws Exception {
    // A NaN cannot be written as DECIMAL: the last chunk fails after chunks 0-2 were written.
    TestDatabase.execute("UPDATE " + TABLE + " SET amount = 'NaN' WHERE id = 7999");
    Path config = config();
    Cli.Result failed = Cli.run("run", "-c", config.toString());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    String runId = onlyRunId(config);
    TestDatabase.execute("UPDATE " + TABLE + " SET amount = 1 WHERE id = 7999");

    Cli.Result resumed = Cli.run("run", "-c", config.toString(), "--resume", "--output", "json");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(onlyRunId(config)).isEqualTo(runId);
    // Only the failed chunk was written again; the warnings are all in chunks kept from before.
    assertThat(attempts(config)).containsExactly(1, 1, 1, 2);
    assertThat(manifestWarnings(runId)).isEqualTo(CLAMPED);
    assertThat(summaryWarnings(resumed)).isEqualTo(CLAMPED);
  }

  @Test
  void shouldTotalTheWarningsOfARunAWorkerPublishesFromState() throws Exception {
    Path config = config();
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    Cli.Result worker = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");

    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertThat(worker.out()).contains("published the run");
    assertThat(manifestWarnings(runId)).isEqualTo(CLAMPED);
  }

  @Test
  void shouldRecordEachStreamedChunksWarningsInState() throws Exception {
    Path config = config("\"-\"");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = onlyRunId(config);
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      assertThat(store.files(runId))
          .extracting(WrittenFile::chunkIndex, WrittenFile::warnings)
          .containsExactly(
              tuple(0, Map.of("infinity_clamped", 3L)),
              tuple(1, Map.of()),
              tuple(2, Map.of("infinity_clamped", 1L)),
              tuple(3, Map.of()));
    }
  }

  private Path config() throws Exception {
    return config("out");
  }

  private Path config(String destination) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: w\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    compression: none\n"
            + "    destination: "
            + destination
            + "\n"
            + "    chunk_rows: 2000\n"
            + "    parallelism: 1\n"
            + "    on_infinity: clamp\n");
  }

  private Map<String, Long> manifestWarnings(String runId) throws Exception {
    Path manifest = dir.resolve("out").resolve("w").resolve(runId).resolve("manifest.json");
    return counts(new ObjectMapper().readTree(manifest.toFile()).get("warnings"));
  }

  private static Map<String, Long> summaryWarnings(Cli.Result run) throws Exception {
    JsonNode runs = new ObjectMapper().readTree(run.out()).get("runs");
    assertThat(runs).as(run.toString()).hasSize(1);
    return counts(runs.get(0).get("warnings"));
  }

  private static Map<String, Long> counts(JsonNode warnings) {
    Map<String, Long> counts = new TreeMap<>();
    warnings.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  private static String onlyRunId(Path config) {
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    List<String> ids = runs.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
    assertThat(ids).as(runs.toString()).hasSize(1);
    return ids.get(0);
  }

  /** Each chunk's attempts, by chunk index, from {@code rivet state chunks}. */
  private static List<Integer> attempts(Path config) {
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    return chunks
        .out()
        .lines()
        .skip(1)
        .map(
            line -> {
              Matcher m = ATTEMPTS.matcher(line);
              assertThat(m.find()).as(chunks.toString()).isTrue();
              return Integer.parseInt(m.group(1));
            })
        .toList();
  }
}
