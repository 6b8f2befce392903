package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whole exports through the rivet command line against the real PostgreSQL and checks the
 * files against the source: exact row count and per-column checksums.
 */
class ExportEndToEndTest {
  private static final String SCHEMA = "rivet_e2e";
  private static final int BIG_ROWS = 1_000_000;
  private static final int MEDIUM_ROWS = 200_000;

  /** Canonical text of each column, as SQL; {@link OutputFiles} produces the same from files. */
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("qty", "qty::text");
    CANONICAL.put("price", "price::text");
    CANONICAL.put("name", "name");
    CANONICAL.put("flag", "flag::text");
    CANONICAL.put("created", "(extract(epoch from created) * 1000000)::bigint::text");
    CANONICAL.put("day", "(day - date '1970-01-01')::text");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        fixture("big", BIG_ROWS),
        fixture("medium", MEDIUM_ROWS));
  }

  private static String fixture(String table, int rows) {
    String t = SCHEMA + "." + table;
    return "DROP TABLE IF EXISTS "
        + t
        + "; CREATE TABLE "
        + t
        + " (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(12,2), name text NOT NULL,"
        + " flag boolean, created timestamptz, day date, note text);"
        + " INSERT INTO "
        + t
        + " SELECT g, (g * 7) % 1000, ((g * 13) % 10000000) / 100.0, 'name-' || g || ' \u2713',"
        + " g % 3 = 0,"
        + " timestamptz '1960-01-01 00:00:00+00' + g * interval '1017 seconds 123 microseconds',"
        + " date '1900-01-01' + (g % 60000),"
        + " CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN '' ELSE repeat('xy\"', g % 40) END"
        + " FROM generate_series(1, "
        + rows
        + ") g; ANALYZE "
        + t;
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void shouldExportMillionRowsToParquetWithExactCountAndChecksums() throws Exception {
    Path config = writeConfig("big", "parquet", "zstd", 100_000);

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("rows 1,000,000");
    assertParquetMatchesSource("big", dir.resolve("out"));
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void shouldResumeOnlyUnpublishedChunksAfterKill9() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            Files.readString(writeConfig("big", "parquet", "zstd", 100_000))
                .replace("parallelism: 2", "parallelism: 1"));
    Process rivet =
        JavaProcess.start(
            dir,
            "512m",
            Map.of("RIVET_LEASE_TTL_SECONDS", KilledLeases.SHORT_TTL),
            dir.resolve("out.txt"),
            dir.resolve("err.txt"),
            "run",
            "-c",
            "rivet.yaml");
    List<Integer> writtenBeforeKill = waitForWrittenChunks(3);
    rivet.destroyForcibly().waitFor();
    KilledLeases.awaitExpiry(dir.resolve("state.db")); // the killed process kept its lease
    String runId;
    try (StateStore store = openState()) {
      RunRecord crashed = store.runs(null, 1).get(0);
      runId = crashed.runId();
      assertThat(crashed.status()).isEqualTo(RunStatus.RUNNING);
    }

    Cli.Result resumed = Cli.run("run", "-c", config.toString(), "--resume");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("run " + runId + "  SUCCEEDED");
    assertParquetMatchesSource("big", dir.resolve("out"));
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "big");
    try (var listing = Files.list(runDir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .as("no orphan files of the killed attempt")
          .noneMatch(name -> name.startsWith("."));
    }
    try (StateStore store = openState()) {
      List<ChunkRecord> chunks = store.chunks(runId);
      assertThat(OutputFiles.dataFiles(runDir, ".parquet")).hasSize(chunks.size());
      for (int index : writtenBeforeKill) {
        assertThat(chunks.get(index).attempts())
            .as("chunk %d was written before the kill and is not read again", index)
            .isEqualTo(1);
      }
      assertThat(chunks).allMatch(c -> c.status() == ChunkStatus.PUBLISHED);
    }
  }

  private List<Integer> waitForWrittenChunks(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.exists(dir.resolve("state.db"))) {
        try (StateStore store = openState()) {
          List<RunRecord> runs = store.runs(null, 1);
          if (!runs.isEmpty()) {
            List<Integer> written =
                store.chunks(runs.get(0).runId()).stream()
                    .filter(c -> c.status() == ChunkStatus.WRITTEN)
                    .map(ChunkRecord::chunkIndex)
                    .toList();
            if (written.size() >= count) {
              return written;
            }
          }
        } catch (RuntimeException stateNotReadyYet) {
          // The other process may still be creating the state file.
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("rivet did not write " + count + " chunks within 120 s");
  }

  private StateStore openState() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void shouldProduceTheSameRowsOnFlinkAsOnDirectRunner() throws Exception {
    Path config = writeConfig("medium", "parquet", "snappy", 20_000);

    Cli.Result direct = Cli.run("run", "-c", config.toString(), "--runner", "direct");
    assertThat(direct.exitCode()).as(direct.toString()).isZero();
    Map<String, String> directSums = assertParquetMatchesSource("medium", dir.resolve("out"));

    Path flinkConfig =
        Files.writeString(
            dir.resolve("flink.yaml"),
            Files.readString(config).replace("destination: out", "destination: flink-out"));
    Cli.Result flink = Cli.run("run", "-c", flinkConfig.toString(), "--runner", "flink");
    assertThat(flink.exitCode()).as(flink.toString()).isZero();
    Map<String, String> flinkSums = assertParquetMatchesSource("medium", dir.resolve("flink-out"));

    assertThat(flinkSums).isEqualTo(directSums);
  }

  @Test
  void shouldExportCsvWithExactCountAndChecksums() throws Exception {
    Path config = writeConfig("medium", "csv", "none", 50_000);

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "medium");
    List<Path> files = OutputFiles.dataFiles(runDir, ".csv");
    assertThat(files).hasSize(4);
    List<String> textColumns = List.of("id", "qty", "price", "name", "flag", "note");
    ColumnChecksums fromFiles = new ColumnChecksums(textColumns);
    OutputFiles.checksumCsv(files, fromFiles, textColumns);
    Map<String, String> canonical = new LinkedHashMap<>(CANONICAL);
    canonical.keySet().retainAll(textColumns);
    Map<String, String> expected = sourceSums("medium", canonical);
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(expected.remove("count")));
    assertThat(fromFiles.rows()).isEqualTo(MEDIUM_ROWS);
    assertThat(fromFiles.sums()).isEqualTo(expected);
    assertThat(runDir.resolve("_SUCCESS")).exists();
  }

  @Test
  void shouldPublishManifestListingEveryFileWithRowsBytesAndDigest() throws Exception {
    Path config = writeConfig("medium", "parquet", "zstd", 50_000);

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "medium");
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    assertThat(manifest.get("rows").asLong()).isEqualTo(MEDIUM_ROWS);
    assertThat(manifest.get("columns")).hasSize(CANONICAL.size());
    List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
    assertThat(manifest.get("files")).hasSize(files.size());
    long total = 0;
    for (JsonNode entry : manifest.get("files")) {
      Path file = runDir.resolve(entry.get("name").asText());
      assertThat(Files.size(file)).isEqualTo(entry.get("bytes").asLong());
      assertThat(sha256(file)).isEqualTo(entry.get("sha256").asText());
      total += entry.get("rows").asLong();
    }
    assertThat(total).isEqualTo(MEDIUM_ROWS);
    try (var listing = Files.list(runDir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .as("no in-progress files are left in a published run")
          .noneMatch(name -> name.startsWith("."));
    }

    Cli.Result files2 = Cli.run("state", "files", "-c", config.toString());
    assertThat(files2.exitCode()).as(files2.toString()).isZero();
    assertThat(files2.out()).contains("part-00000.parquet").contains("part-00003.parquet");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs.out()).contains("SUCCEEDED").contains("200000");
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    assertThat(chunks.out().lines().skip(1))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("PUBLISHED").doesNotContain("FAILED"));
  }

  @Test
  void shouldPrintTheRunSummaryAsOneJsonDocument() throws Exception {
    Path config = writeConfig("medium", "parquet", "zstd", 50_000);

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode run = new ObjectMapper().readTree(result.out()).get("runs").get(0);
    assertThat(run.get("export").asText()).isEqualTo("medium");
    assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.get("rows").asLong()).isEqualTo(MEDIUM_ROWS);
    assertThat(run.get("chunks").asInt()).isEqualTo(4);
    assertThat(run.get("files").asInt()).isEqualTo(4);
    assertThat(run.get("retries").asInt()).isZero();
    assertThat(Path.of(run.get("output").asText()).resolve("_SUCCESS")).exists();
    assertThat(run.get("verdict").asText()).isEqualTo("published");
    assertThat(run.get("rows_validated").isNull()).isTrue();
    assertThat(run.has("validation")).isFalse();
  }

  @Test
  void shouldPutTheValidationAndReconciliationIntoTheJsonSummary() throws Exception {
    Path config = writeConfig("medium", "parquet", "zstd", 50_000);

    Cli.Result result =
        Cli.run("run", "-c", config.toString(), "--validate", "--reconcile", "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode run = new ObjectMapper().readTree(result.out()).get("runs").get(0);
    assertThat(run.get("verdict").asText()).isEqualTo("match");
    assertThat(run.get("rows_validated").asLong()).isEqualTo(MEDIUM_ROWS);
    assertThat(run.path("validation").path("verdict").asText()).isEqualTo("match");
    assertThat(run.path("validation").path("files")).hasSize(4);
    assertThat(run.path("reconciliation").path("verdict").asText()).isEqualTo("match");
    assertThat(run.path("reconciliation").path("totals").path("source_rows").asLong())
        .isEqualTo(MEDIUM_ROWS);
  }

  @Test
  void shouldValidateAndReconcileRightAfterTheRun() throws Exception {
    Path config = writeConfig("medium", "csv", "gzip", 50_000);

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--validate", "--reconcile");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("SUCCEEDED");
    assertThat(result.out().split("verdict: MATCH", -1)).as(result.out()).hasSize(3);
    assertThat(result.out()).doesNotContain("MISMATCH");
  }

  @Test
  void shouldPlanWithoutReadingRowsOrWritingFiles() throws Exception {
    Path config = writeConfig("medium", "parquet", "zstd", 50_000);

    Cli.Result result = Cli.run("plan", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("mode:        full")
        .contains("key range on id, 4 chunk(s)")
        .contains("first chunk: (-inf, ")
        .contains("WHERE \"id\" < ?")
        .contains("last chunk:  [");
    assertThat(dir.resolve("out")).doesNotExist();
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    // A plan that never ran is not a run: hidden by default, listed apart with --plans.
    assertThat(runs.out()).doesNotContain("PLAN");
    assertThat(runs.err()).contains("1 plan(s) that never ran not shown");
    Cli.Result plans = Cli.run("state", "runs", "-c", config.toString(), "--plans");
    assertThat(plans.out()).contains("PLAN (not run)");
  }

  @Test
  void shouldWriteTheSameRowsWithParallelismOneAndFour() throws Exception {
    Path one =
        Files.writeString(
            dir.resolve("one.yaml"),
            Files.readString(writeConfig("medium", "parquet", "zstd", 20_000))
                .replace("parallelism: 2", "parallelism: 1")
                .replace("destination: out", "destination: out-1"));
    Path four =
        Files.writeString(
            dir.resolve("four.yaml"),
            Files.readString(one)
                .replace("parallelism: 1", "parallelism: 4")
                .replace("destination: out-1", "destination: out-4"));

    Cli.Result r1 = Cli.run("run", "-c", one.toString());
    Cli.Result r4 = Cli.run("run", "-c", four.toString());

    assertThat(r1.exitCode()).as(r1.toString()).isZero();
    assertThat(r4.exitCode()).as(r4.toString()).isZero();
    assertThat(assertParquetMatchesSource("medium", dir.resolve("out-4")))
        .isEqualTo(assertParquetMatchesSource("medium", dir.resolve("out-1")));
  }

  @Test
  @Timeout(300)
  void shouldReadATerminatedChunkAgainAndPublishExactlyTheSourceRows() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            Files.readString(writeConfig("medium", "parquet", "zstd", 10_000_000))
                // Small JDBC fetches keep the read going long enough to be caught; a binary COPY
                // ignores fetch_size (its retry is CopyProtocolTest's).
                + "    fetch_size: 50\n"
                + "    tuning: {read_protocol: jdbc}\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    boolean terminated = terminateChunkReadOnce(run);
    Cli.Result result = run.get(240, TimeUnit.SECONDS);

    assertThat(terminated).as("a chunk read was terminated").isTrue();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertParquetMatchesSource("medium", dir.resolve("out"));
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      List<ChunkRecord> chunks = store.chunks(store.runs(null, 1).get(0).runId());
      assertThat(chunks).singleElement().extracting(ChunkRecord::attempts).isEqualTo(2);
    }
  }

  private static boolean terminateChunkReadOnce(CompletableFuture<Cli.Result> run)
      throws Exception {
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      while (!run.isDone()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE query LIKE '%SELECT \"id\", \"qty\"%rivet_e2e\".\"medium\"%'"
                    + " AND pid <> pg_backend_pid() AND now() - xact_start > interval '300 ms'")) {
          if (rs.next()) {
            return true;
          }
        }
        Thread.sleep(20);
      }
    }
    return false;
  }

  @Test
  void shouldRunAStoredPlanExactlyOnce() throws Exception {
    Path config = writeConfig("medium", "parquet", "zstd", 50_000);
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--plan", runId);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("run " + runId + "  SUCCEEDED");
    assertThat(OutputFiles.onlyRunDir(dir.resolve("out"), "medium").getFileName().toString())
        .isEqualTo(runId);
    assertParquetMatchesSource("medium", dir.resolve("out"));

    Cli.Result again = Cli.run("run", "-c", config.toString(), "--plan", runId);
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
    assertThat(again.err()).contains("has status SUCCEEDED");
    Cli.Result resume = Cli.run("run", "-c", config.toString(), "--resume");
    assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err()).contains("already succeeded; nothing to resume");
    Cli.Result unknown = Cli.run("run", "-c", config.toString(), "--plan", "no-such-run");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no stored plan with run id 'no-such-run'");
  }

  private Map<String, String> assertParquetMatchesSource(String table, Path destination)
      throws Exception {
    Path runDir = OutputFiles.onlyRunDir(destination, table);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> source = sourceSums(table, CANONICAL);
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(source.get("count")));
    Map<String, String> expected = new LinkedHashMap<>(source);
    expected.remove("count");
    assertThat(fromFiles.sums()).isEqualTo(expected);
    return fromFiles.sums();
  }

  private static Map<String, String> sourceSums(String table, Map<String, String> canonical)
      throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(SCHEMA + "." + table, canonical))) {
      rs.next();
      sums.put("count", rs.getString(1));
      int i = 2;
      for (String column : canonical.keySet()) {
        sums.put(column, rs.getString(i++));
      }
    }
    return sums;
  }

  private Path writeConfig(String table, String format, String compression, int chunkRows)
      throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: "
            + table
            + "\n"
            + "    table: "
            + SCHEMA
            + "."
            + table
            + "\n"
            + "    format: "
            + format
            + "\n"
            + "    compression: "
            + compression
            + "\n"
            + "    destination: out\n"
            + "    chunk_rows: "
            + chunkRows
            + "\n"
            + "    parallelism: 2\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
