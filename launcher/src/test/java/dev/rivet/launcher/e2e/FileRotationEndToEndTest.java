package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max_rows_per_file} and {@code max_file_size} through the rivet command line against the
 * real PostgreSQL: chunks split into several files, every file within its limit and published, the
 * rows exactly the source's by count and per-column checksums, and a chunk read again (retry or
 * resume) leaving none of its earlier files behind.
 */
class FileRotationEndToEndTest {
  private static final String SCHEMA = "rivet_rotation_e2e";
  private static final int ROWS = 60_000;

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

  private static final List<String> CSV_COLUMNS =
      List.of("id", "qty", "price", "name", "flag", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    String t = SCHEMA + ".items";
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + t,
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(12,2), name text NOT NULL,"
            + " flag boolean, created timestamptz, day date, note text)",
        "INSERT INTO "
            + t
            + " SELECT g, (g * 7) % 1000, ((g * 13) % 10000000) / 100.0, 'name-' || g || ' \u2713',"
            + " g % 3 = 0,"
            + " timestamptz '1960-01-01 00:00:00+00' + g * interval '1017 seconds 123 microseconds',"
            + " date '1900-01-01' + (g % 60000),"
            + " CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN ''"
            + " ELSE repeat('xy\"', g % 40) END"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + t);
  }

  @Test
  void shouldSplitChunksIntoFilesOfAtMostMaxRowsPerFileThatValidateAndReconcile() throws Exception {
    Path config = writeConfig("parquet", "zstd", 20_000, "    max_rows_per_file: 7000\n");

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--validate", "--reconcile");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().split("verdict: MATCH", -1)).as(result.out()).hasSize(3);
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
    assertThat(files)
        .allSatisfy(
            f -> {
              assertThat(f.getFileName().toString()).matches("part-\\d{5}-\\d{5}\\.parquet");
              assertThat(parquetRows(f)).isBetween(1L, 7_000L);
            });
    try (StateStore store = openState()) {
      String runId = store.runs(null, 1).get(0).runId();
      List<ChunkRecord> chunks = store.chunks(runId);
      assertThat(chunks).hasSizeGreaterThan(1);
      assertThat(files).hasSizeGreaterThanOrEqualTo(chunks.size() * 2);
      assertThat(store.files(runId)).hasSameSizeAs(files);
      assertThat(store.run(runId).orElseThrow().files()).isEqualTo(files.size());
    }
    assertManifestListsExactly(runDir, files);
    assertParquetMatchesSource(files);

    Cli.Result stateFiles = Cli.run("state", "files", "-c", config.toString());
    assertThat(stateFiles.exitCode()).as(stateFiles.toString()).isZero();
    assertThat(stateFiles.out())
        .contains("FILE")
        .contains("part-00000-00000.parquet")
        .contains("part-00000-00001.parquet");
  }

  @Test
  void shouldCloseEachCsvFileOnceItReachesMaxFileSize() throws Exception {
    long limit = 1024 * 1024;
    Path config = writeConfig("csv", "none", 100_000, "    max_file_size: 1MiB\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    List<Path> files = OutputFiles.dataFiles(runDir, ".csv");
    assertThat(files).hasSizeGreaterThan(3);
    for (int i = 0; i < files.size(); i++) {
      long size = Files.size(files.get(i));
      // What the writer still buffered when it last looked: at most 64 Ki characters of ASCII
      // text, the encoder's 8 KiB and the row that crossed the limit.
      assertThat(size).as(files.get(i).toString()).isLessThanOrEqualTo(limit + 74 * 1024);
      if (i < files.size() - 1) {
        assertThat(size).as(files.get(i).toString()).isGreaterThanOrEqualTo(limit);
      }
    }
    assertManifestListsExactly(runDir, files);
    ColumnChecksums fromFiles = new ColumnChecksums(CSV_COLUMNS);
    OutputFiles.checksumCsv(files, fromFiles, CSV_COLUMNS);
    Map<String, String> canonical = new LinkedHashMap<>(CANONICAL);
    canonical.keySet().retainAll(CSV_COLUMNS);
    Map<String, String> expected = sourceSums(canonical);
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(expected.remove("count")));
    assertThat(fromFiles.sums()).isEqualTo(expected);
  }

  @Test
  @Timeout(300)
  void shouldReadATerminatedChunkAgainAndPublishOnlyTheFilesOfTheLastAttempt() throws Exception {
    Path config =
        writeConfig(
            "parquet", "zstd", 10_000_000, "    fetch_size: 50\n    max_rows_per_file: 8000\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    boolean terminated = terminateChunkReadOnce(run);
    Cli.Result result = run.get(240, TimeUnit.SECONDS);

    assertThat(terminated).as("a chunk read was terminated").isTrue();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < (ROWS + 7_999) / 8_000; i++) {
      expected.add(String.format("part-00000-%05d.parquet", i));
    }
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactlyElementsOf(expected);
    assertManifestListsExactly(runDir, files);
    assertParquetMatchesSource(files);
    try (StateStore store = openState()) {
      List<ChunkRecord> chunks = store.chunks(store.runs(null, 1).get(0).runId());
      assertThat(chunks).singleElement().extracting(ChunkRecord::attempts).isEqualTo(2);
    }
  }

  @Test
  void shouldReplaceEveryFileAnInterruptedAttemptLeftWhenResuming() throws Exception {
    Path config = writeConfig("parquet", "zstd", 20_000, "    max_rows_per_file: 7000\n");
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];
    Path runDir = dir.resolve("out").resolve("items").resolve(runId);
    Files.createDirectories(runDir);
    int chunks;
    try (StateStore store = openState()) {
      chunks = store.chunks(runId).size();
    }
    // An earlier attempt wrote more files per chunk than this one will (the source had more rows),
    // and was killed while writing one.
    for (int chunk = 0; chunk < chunks; chunk++) {
      for (int file = 0; file < 9; file++) {
        Files.writeString(
            runDir.resolve(String.format("part-%05d-%05d.parquet", chunk, file)), "stale");
      }
    }
    Files.writeString(runDir.resolve(".part-00001-00009.parquet.inprogress"), "stale");

    Cli.Result resumed = Cli.run("run", "-c", config.toString(), "--resume");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("run " + runId + "  SUCCEEDED");
    List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
    assertThat(files).hasSizeLessThan(chunks * 9);
    assertManifestListsExactly(runDir, files);
    assertParquetMatchesSource(files);
    try (StateStore store = openState()) {
      assertThat(store.chunks(runId)).allMatch(c -> c.status() == ChunkStatus.PUBLISHED);
      assertThat(store.files(runId))
          .extracting(f -> Path.of(f.path()).getFileName().toString())
          .containsExactlyElementsOf(files.stream().map(f -> f.getFileName().toString()).toList());
      assertThat(store.files(runId)).allSatisfy(f -> assertThat(f.rows()).isPositive());
      assertThat(store.files(runId).stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(ROWS);
    }
  }

  /**
   * The run folder holds exactly {@code files} besides the manifest and {@code _SUCCESS}, and the
   * manifest lists each with its size and rows.
   */
  private static void assertManifestListsExactly(Path runDir, List<Path> files) throws Exception {
    try (Stream<Path> listing = Files.list(runDir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .as("no in-progress or stale files are left in a published run")
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      files.stream().map(f -> f.getFileName().toString()),
                      Stream.of("manifest.json", "_SUCCESS"))
                  .toList());
    }
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    List<String> listed = new ArrayList<>();
    long rows = 0;
    for (JsonNode entry : manifest.get("files")) {
      Path file = runDir.resolve(entry.get("name").asText());
      listed.add(entry.get("name").asText());
      assertThat(Files.size(file)).isEqualTo(entry.get("bytes").asLong());
      assertThat(entry.get("name").asText())
          .startsWith(
              String.format(
                  "part-%05d-%05d.", entry.get("chunk").asInt(), entry.get("file").asInt()));
      rows += entry.get("rows").asLong();
    }
    assertThat(listed)
        .containsExactlyElementsOf(files.stream().map(f -> f.getFileName().toString()).toList());
    assertThat(rows).isEqualTo(ROWS);
    assertThat(manifest.get("rows").asLong()).isEqualTo(ROWS);
  }

  private static void assertParquetMatchesSource(List<Path> files) throws Exception {
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(files, fromFiles);
    Map<String, String> expected = sourceSums(CANONICAL);
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(expected.remove("count")));
    assertThat(fromFiles.rows()).isEqualTo(ROWS);
    assertThat(fromFiles.sums()).isEqualTo(expected);
  }

  private static long parquetRows(Path file) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      return reader.getRecordCount();
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  private boolean firstFileComplete() throws IOException {
    Path exportDir = dir.resolve("out").resolve("items");
    if (!Files.isDirectory(exportDir)) {
      return false;
    }
    try (Stream<Path> runs = Files.list(exportDir)) {
      return runs.anyMatch(r -> Files.exists(r.resolve("part-00000-00000.parquet")));
    }
  }

  private boolean terminateChunkReadOnce(CompletableFuture<Cli.Result> run) throws Exception {
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      while (!run.isDone()) {
        // Only once the chunk's first file is complete, so the attempt leaves files behind.
        if (firstFileComplete()) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      + " WHERE query LIKE '%SELECT \"id\", \"qty\"%"
                      + SCHEMA
                      + "\".\"items\"%'"
                      + " AND pid <> pg_backend_pid()")) {
            if (rs.next()) {
              return true;
            }
          }
        }
        Thread.sleep(5);
      }
    }
    return false;
  }

  private static Map<String, String> sourceSums(Map<String, String> canonical) throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(SCHEMA + ".items", canonical))) {
      rs.next();
      sums.put("count", rs.getString(1));
      int i = 2;
      for (String column : canonical.keySet()) {
        sums.put(column, rs.getString(i++));
      }
    }
    return sums;
  }

  private StateStore openState() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  private Path writeConfig(String format, String compression, int chunkRows, String extra)
      throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: items\n"
            + "    table: "
            + SCHEMA
            + ".items\n"
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
            + "    parallelism: 2\n"
            + extra;
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }
}
