package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.CrashPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A PostgreSQL table with no key at all, read by {@code rivet run} in chunks of physical block
 * ranges: a heap with deleted rows, HOT-updated rows, NULLs, duplicate rows and wide (TOASTed)
 * values. The published rows are exactly the source's, through both read protocols, on DirectRunner
 * and embedded Flink, for a worker, and after a failed or killed run is resumed.
 */
@Timeout(300)
class BlockRangeEndToEndTest {
  private static final String TABLE = "rivet_ctid_e2e";
  private static final List<String> COLUMNS = List.of("id", "note", "due", "wide");

  @TempDir Path dir;

  @BeforeEach
  void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id bigint, note text, due date, wide text)"
            + " WITH (fillfactor = 80, autovacuum_enabled = false)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 89 = 0 THEN NULL ELSE 'n' || g END,"
            + " date '2026-01-01' + g % 300,"
            + " CASE WHEN g % 700 = 0"
            + " THEN (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1, 150) i)"
            + " ELSE repeat('x', 60) END"
            + " FROM generate_series(1, 12000) g",
        // Rows equal in every column: without a key only their count tells them apart.
        "INSERT INTO " + TABLE + " SELECT 5, 'n5', date '2026-01-06', repeat('x', 60)",
        "DELETE FROM " + TABLE + " WHERE id % 11 = 0",
        "UPDATE " + TABLE + " SET note = note || 'u' WHERE id % 5 = 0",
        "ANALYZE " + TABLE);
  }

  @AfterEach
  void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @ParameterizedTest(name = "{0} through {1}")
  @CsvSource({"direct, copy", "direct, jdbc"})
  void shouldExportAKeylessTableInBlockRangesExactly(String runner, String protocol)
      throws Exception {
    Path config = config(2, protocol);

    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    Cli.Result run = Cli.run("run", "-c", config.toString(), "--runner", runner);

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("block ranges (ctid)")
        .contains("WHERE ctid >= '(")
        .contains("split by physical block ranges (ctid)")
        .contains("exported twice or not at all");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = onlyRunDir();
    assertThat(ExportedRows.csv(runDir, COLUMNS)).hasSize(truth().size()).isEqualTo(truth());
    assertThat(chunkFiles(runDir)).as("one file per block range").isGreaterThan(3);
  }

  @Test
  @Tag("slow")
  void shouldExportAKeylessTableInBlockRangesExactlyOnEmbeddedFlink() throws Exception {
    Path config = config(2, "auto");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--runner", "flink");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = onlyRunDir();
    assertThat(ExportedRows.csv(runDir, COLUMNS)).hasSize(truth().size()).isEqualTo(truth());
    assertThat(chunkFiles(runDir)).as("one file per block range").isGreaterThan(3);
  }

  @Test
  void shouldShowTheBlockRangeStrategyItsTidRangeScansAndTheMovingRowsNoteInCheck()
      throws Exception {
    // fetch_size at chunk_rows: the default 10000 would warn that a fetch holds a whole chunk.
    Path config = config(2, "auto", "    fetch_size: 2000\n");

    Cli.Result check = Cli.run("check", "-c", config.toString(), "--output", "json");

    assertThat(check.exitCode()).as(check.toString()).isZero();
    JsonNode export = new ObjectMapper().readTree(check.out()).get("exports").get(0);
    assertThat(export.get("strategy").asText()).isEqualTo("chunked_by_blocks");
    assertThat(export.get("split_key").isNull()).isTrue();
    assertThat(export.get("explain")).isNotEmpty();
    for (JsonNode explain : export.get("explain")) {
      assertThat(explain.get("top_node").asText()).isEqualTo("Tid Range Scan");
      assertThat(explain.get("full_scan").asBoolean()).isFalse();
      assertThat(explain.get("sql").asText()).contains("ctid");
    }
    JsonNode moving = null;
    for (JsonNode finding : export.get("findings")) {
      if (finding.get("message").asText().contains("exported twice or not at all")) {
        moving = finding;
      }
    }
    assertThat(moving).as(check.out()).isNotNull();
    assertThat(moving.get("code").asText()).isEqualTo("plan_warning");
    assertThat(moving.get("severity").asText()).isEqualTo("INFO");
    assertThat(moving.get("fix").asText()).contains("consistency: snapshot");
    assertThat(export.get("verdict").asText())
        .as(export.get("findings").toString())
        .isEqualTo("SAFE");
  }

  @Test
  void shouldExportAPlannedBlockRangeRunThroughAWorker() throws Exception {
    Path config = config(2, "auto");
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    Cli.Result worker = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");

    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertThat(ExportedRows.csv(onlyRunDir(), COLUMNS)).isEqualTo(truth());
  }

  @Test
  void shouldResumeAFailedBlockRangeRunReadingOnlyItsFailedChunkAgain() throws Exception {
    // The last row inserted lies in the last block range; on_infinity: fail stops that chunk.
    TestDatabase.execute(
        "INSERT INTO " + TABLE + " VALUES (99999, 'last', 'infinity', 'x')", "ANALYZE " + TABLE);
    Path config = config(1, "auto", "    on_infinity: fail\n");
    Cli.Result failed = Cli.run("run", "-c", config.toString());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    // The fix writes a new version of the row, in this block or in one added at the table's end:
    // the last range is open above, so it reads it either way.
    TestDatabase.execute("UPDATE " + TABLE + " SET due = NULL WHERE id = 99999");

    Cli.Result resumed = Cli.run("run", "-c", config.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming unfinished run");
    assertThat(ExportedRows.csv(onlyRunDir(), COLUMNS)).isEqualTo(truth());
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    List<String> lines = chunks.out().lines().filter(l -> l.matches("\\d+ .*")).toList();
    assertThat(lines).as(chunks.toString()).hasSizeGreaterThan(3);
    assertThat(lines.subList(0, lines.size() - 1))
        .as("the chunks before the failed one were kept, not read again")
        .allSatisfy(l -> assertThat(l).matches(".*PUBLISHED\\s+1\\s.*"));
    assertThat(lines.get(lines.size() - 1)).matches(".*PUBLISHED\\s+2\\s.*");
  }

  @Test
  @Tag("slow")
  void shouldPublishExactlyTheSourceRowsAfterAKilledBlockRangeRunIsRunAgain() throws Exception {
    Path config = config(1, "auto");
    Path out = dir.resolve("crash-out.txt");
    Path err = dir.resolve("crash-err.txt");
    Process process =
        JavaProcess.start(
            dir,
            "512m",
            Map.of(
                "RIVET_CRASH_AT",
                "chunk-file-renamed",
                "RIVET_LEASE_TTL_SECONDS",
                KilledLeases.SHORT_TTL),
            out,
            err,
            "run",
            "-c",
            config.getFileName().toString());
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the killed run ended").isTrue();
    assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(CrashPoint.EXIT_CODE);
    KilledLeases.awaitExpiry(dir.resolve("state.db"));

    Cli.Result rerun = Cli.run("run", "-c", config.toString());

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.err()).contains("resuming unfinished run");
    assertThat(ExportedRows.csv(onlyRunDir(), COLUMNS)).isEqualTo(truth());
  }

  private Path onlyRunDir() throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "b");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).resolve("_SUCCESS")).exists();
    return runs.get(0);
  }

  private static long chunkFiles(Path runDir) throws Exception {
    try (var files = Files.list(runDir)) {
      return files.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).count();
    }
  }

  private Path config(int parallelism, String protocol) throws Exception {
    return config(parallelism, protocol, "");
  }

  private Path config(int parallelism, String protocol, String extra) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: b\n"
            + "    table: "
            + TABLE
            + "\n    format: csv\n"
            + "    compression: none\n"
            + "    destination: out\n"
            + "    chunk_rows: 2000\n"
            + "    parallelism: "
            + parallelism
            + "\n    tuning:\n      read_protocol: "
            + protocol
            + "\n"
            + extra);
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note, due, wide FROM " + TABLE);
    }
  }
}
