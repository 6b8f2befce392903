package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.launcher.command.RivetCommand;
import dev.rivet.launcher.e2e.LineageRows.Row;
import dev.rivet.launcher.e2e.SourceRowHash.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meta_columns} on real PostgreSQL: every file carries the run id, one export time for the
 * whole run and a row hash equal to an independent recomputation from the source values, in Parquet
 * and CSV alike, on the Beam runner, a {@code --worker} and standard output; a row re-read by an
 * incremental lookback keeps its hash.
 */
@Timeout(300)
class LineageColumnsEndToEndTest {
  private static final String TABLE = "lineage_e2e_" + ProcessHandle.current().pid();
  private static final String ALL_COLUMNS =
      "SELECT id, id, note, total, seen FROM " + TABLE + " ORDER BY id";
  private static final List<Kind> ALL_KINDS =
      List.of(Kind.INTEGER, Kind.TEXT, Kind.DECIMAL, Kind.TIMESTAMPTZ);
  private static final String TRUTH = "SELECT id, note, total FROM " + TABLE;

  @TempDir Path dir;
  private Path config;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id bigint PRIMARY KEY, note text, total numeric(12,2), seen timestamptz NOT NULL)",
        "INSERT INTO "
            + TABLE
            + " SELECT g,"
            + " CASE WHEN g % 50 = 0 THEN NULL WHEN g % 50 = 1 THEN '' ELSE 'n€' || g END,"
            + " CASE WHEN g % 7 = 0 THEN NULL ELSE g * 1.25 END,"
            + " timestamptz '2026-01-01 00:00Z' + g * interval '1 minute'"
            + " + g * interval '1 microsecond'"
            + " FROM generate_series(1, 1200) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @BeforeEach
  void writeConfig() throws Exception {
    config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\n"
                + "defaults:\n"
                + "  destination: out\n"
                + "  compression: none\n"
                + "  meta_columns: {exported_at: true, run_id: true, row_hash: true}\n"
                + "exports:\n"
                + ("  - {name: p, table: " + TABLE + ", format: parquet, chunk_rows: 300}\n")
                + ("  - {name: c, table: " + TABLE + ", format: csv, chunk_rows: 500}\n")
                + ("  - {name: h, table: "
                    + TABLE
                    + ", format: csv,"
                    + " meta_columns: {row_hash: [note, id]}}\n")
                + ("  - {name: w, table: " + TABLE + ", format: parquet, chunk_rows: 400}\n")
                + ("  - {name: s, table: " + TABLE + ", format: csv, destination: '-'}\n")
                + ("  - name: inc\n    table: " + TABLE + "\n    format: csv\n")
                + "    mode: incremental\n"
                + "    cursor: {column: seen, type: timestamp, lookback: 1h}\n"
                + ("  - {name: clash, query: 'SELECT id, note AS _rivet_run_id FROM "
                    + TABLE
                    + "', format: csv}\n")
                + ("  - {name: nocol, table: "
                    + TABLE
                    + ", format: csv,"
                    + " meta_columns: {row_hash: [id, nope]}}\n"));
  }

  @Test
  void shouldWriteRunIdExportTimeAndSourceRowHashToParquetAndCsvAlike() throws Exception {
    Map<Long, Long> expected = expectedHashes(ALL_COLUMNS, ALL_KINDS);

    run("p", "--validate", "--reconcile");
    Path pRun = OutputFiles.onlyRunDir(dir.resolve("out"), "p");
    List<Path> pFiles = OutputFiles.dataFiles(pRun, ".parquet");
    assertThat(pFiles).as("one file per chunk").hasSizeGreaterThan(1);
    List<Row> parquet = LineageRows.parquet(pFiles);
    assertRun(parquet, pRun, expected);
    assertParquetLineageSchema(pFiles.get(0));

    run("c");
    Path cRun = OutputFiles.onlyRunDir(dir.resolve("out"), "c");
    List<Path> cFiles = OutputFiles.dataFiles(cRun, ".csv");
    assertThat(cFiles).hasSizeGreaterThan(1);
    assertThat(Files.readString(cFiles.get(0)))
        .startsWith(
            "\"id\",\"note\",\"total\",\"seen\",\"_rivet_exported_at\",\"_rivet_run_id\","
                + "\"_rivet_row_hash\"\r\n");
    List<Row> csv = LineageRows.csv(cFiles);
    assertRun(csv, cRun, expected);

    // The same source row exported once as Parquet and once as CSV has the same hash.
    assertThat(hashes(csv)).isEqualTo(hashes(parquet));
    assertThat(parquet.get(0).runId()).isNotEqualTo(csv.get(0).runId());

    JsonNode manifest = manifest(pRun);
    assertThat(manifest.get("meta_columns").findValuesAsText("name"))
        .containsExactly("_rivet_exported_at", "_rivet_run_id", "_rivet_row_hash");
    assertThat(manifest.get("meta_columns").get(2).get("hashed_columns").toString())
        .isEqualTo("[\"id\",\"note\",\"total\",\"seen\"]");
    assertThat(manifest.get("columns")).hasSize(4);

    Cli.Result validate = Cli.run("validate", "-c", config.toString(), "--export", "c");
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
  }

  @Test
  void shouldHashOnlyTheListedColumnsInTheirListedOrderAndAddOnlyTheExportsOwnColumns()
      throws Exception {
    run("h");
    Path run = OutputFiles.onlyRunDir(dir.resolve("out"), "h");
    List<Row> rows = LineageRows.csv(OutputFiles.dataFiles(run, ".csv"));

    assertSourceContent(rows);
    assertThat(hashes(rows))
        .isEqualTo(
            expectedHashes(
                "SELECT id, note, id FROM " + TABLE + " ORDER BY id",
                List.of(Kind.TEXT, Kind.INTEGER)));
    // The export's meta_columns replaces the one in defaults as a whole.
    assertThat(rows).allSatisfy(row -> assertThat(row.runId()).isNull());
    assertThat(rows).allSatisfy(row -> assertThat(row.exportedAt()).isNull());
    assertThat(manifest(run).get("meta_columns").toString())
        .isEqualTo(
            "[{\"name\":\"_rivet_row_hash\",\"output_type\":\"INT64\","
                + "\"hashed_columns\":[\"note\",\"id\"]}]");
    assertThat(hashes(rows))
        .isNotEqualTo(
            expectedHashes(
                "SELECT id, id, note FROM " + TABLE + " ORDER BY id",
                List.of(Kind.INTEGER, Kind.TEXT)));
  }

  @Test
  void shouldKeepTheExportTimeOfTheRunWhenItIsResumedAfterACrash() throws Exception {
    Path out = dir.resolve("crash-out.txt");
    Path err = dir.resolve("crash-err.txt");
    Process crashed =
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
            "rivet.yaml",
            "--export",
            "c");
    assertThat(crashed.waitFor(5, TimeUnit.MINUTES)).as("the run reached its crash").isTrue();
    assertThat(crashed.exitValue()).as(Files.readString(err)).isEqualTo(CrashPoint.EXIT_CODE);
    KilledLeases.awaitExpiry(dir.resolve("state.db"));
    Path run = OutputFiles.onlyRunDir(dir.resolve("out"), "c");
    Map<Path, String> beforeCrash = new HashMap<>();
    for (Path file : OutputFiles.dataFiles(run, ".csv")) {
      beforeCrash.put(file, Files.readString(file));
    }
    assertThat(beforeCrash).as("a chunk file written before the crash").isNotEmpty();

    run("c");

    List<Path> files = OutputFiles.dataFiles(run, ".csv");
    assertThat(files).hasSizeGreaterThan(beforeCrash.size());
    // The chunk whose file was in place at the crash was not yet recorded, so the resumed run
    // reads it again: the new file has the same bytes, export time included.
    for (Map.Entry<Path, String> before : beforeCrash.entrySet()) {
      assertThat(Files.readString(before.getKey()))
          .as("%s after the resume", before.getKey())
          .isEqualTo(before.getValue());
    }
    // Files of the crashed process and of the resuming one: one run id, one export time.
    assertRun(LineageRows.csv(files), run, expectedHashes(ALL_COLUMNS, ALL_KINDS));
  }

  @Test
  void shouldWriteTheSameLineageColumnsOnTheFlinkRunner() throws Exception {
    run("p", "--runner", "flink");

    Path run = OutputFiles.onlyRunDir(dir.resolve("out"), "p");
    List<Path> files = OutputFiles.dataFiles(run, ".parquet");
    assertThat(files).hasSizeGreaterThan(1);
    assertRun(LineageRows.parquet(files), run, expectedHashes(ALL_COLUMNS, ALL_KINDS));
  }

  @Test
  void shouldWriteThePlansRunIdAndTimeFromAWorker() throws Exception {
    Cli.Result planned = Cli.run("plan", "-c", config.toString(), "--export", "w");
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];
    assertThat(planned.out())
        .contains("  lineage:     _rivet_exported_at, _rivet_run_id, _rivet_row_hash\n");

    Cli.Result worker =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "w1");
    assertThat(worker.exitCode()).as(worker.toString()).isZero();

    Path run = dir.resolve("out").resolve("w").resolve(runId);
    List<Path> files = OutputFiles.dataFiles(run, ".parquet");
    assertThat(files).hasSizeGreaterThan(1);
    List<Row> rows = LineageRows.parquet(files);
    assertRun(rows, run, expectedHashes(ALL_COLUMNS, ALL_KINDS));
    assertThat(rows.get(0).runId()).isEqualTo(runId);
  }

  @Test
  void shouldStreamLineageColumnsToStandardOutput() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          RivetCommand.execute(
              new String[] {"run", "-c", config.toString(), "--export", "s"}, o, e);
    }
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isZero();

    List<Row> rows = LineageRows.csv("stdout", out.toString(StandardCharsets.UTF_8));
    assertSourceContent(rows);
    assertThat(hashes(rows)).isEqualTo(expectedHashes(ALL_COLUMNS, ALL_KINDS));
    assertThat(rows.stream().map(Row::runId).distinct()).hasSize(1);
    assertThat(stderr).contains("run " + rows.get(0).runId());
    assertThat(rows.stream().map(Row::exportedAt).distinct()).hasSize(1).doesNotContainNull();
  }

  @Test
  void shouldGiveARowReReadByTheLookbackTheSameHashInTheNextRun() throws Exception {
    run("inc");
    Path first = OutputFiles.onlyRunDir(dir.resolve("out"), "inc");
    List<Row> run1 = LineageRows.csv(OutputFiles.dataFiles(first, ".csv"));
    assertRun(run1, first, expectedHashes(ALL_COLUMNS, ALL_KINDS));

    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), "inc"));
    try {
      TestDatabase.execute(
          "INSERT INTO "
              + TABLE
              + " VALUES (5000, 'new', 1.00, timestamptz '2026-01-01 00:00Z' + interval '1 day')");
      run("inc");
      Path second = ExportedRows.newRunDir(dir.resolve("out"), "inc", before);
      List<Row> run2 = LineageRows.csv(OutputFiles.dataFiles(second, ".csv"));

      // The last hour before the first run's mark is read again: ids 1141..1200, and the new row.
      assertThat(run2).extracting(Row::id).contains(1200L, 1141L, 5000L).doesNotContain(1000L);
      Map<Long, Long> hashes1 = hashes(run1);
      Map<Long, Long> hashes2 = hashes(run2);
      Map<Long, Long> expected = expectedHashes(ALL_COLUMNS, ALL_KINDS);
      for (Row row : run2) {
        assertThat(row.rowHash()).as("row %d", row.id()).isEqualTo(expected.get(row.id()));
        if (row.id() != 5000L) {
          assertThat(hashes2.get(row.id()))
              .as("re-read row %d", row.id())
              .isEqualTo(hashes1.get(row.id()));
        }
      }
      assertThat(run2.get(0).runId()).isNotEqualTo(run1.get(0).runId());
      assertThat(run2.get(0).exportedAt()).isAfter(run1.get(0).exportedAt());
    } finally {
      TestDatabase.execute("DELETE FROM " + TABLE + " WHERE id = 5000");
    }
  }

  @Test
  void shouldRefuseASourceColumnNamedLikeALineageColumnAtPlanTime() {
    Cli.Result result = Cli.run("run", "-c", config.toString(), "--export", "clash");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "export 'clash': source column '_rivet_run_id' has the name of a lineage column that"
                + " meta_columns adds")
        .contains("or turn that lineage column off in meta_columns");
    assertThat(dir.resolve("out").resolve("clash")).doesNotExist();
  }

  @Test
  void shouldRefuseARowHashColumnTheSourceDoesNotHaveNamingExportAndColumn() {
    Cli.Result result = Cli.run("plan", "-c", config.toString(), "--export", "nocol");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "export 'nocol': meta_columns.row_hash lists column 'nope', which table "
                + TABLE
                + " does not have (its columns: id, note, total, seen)");
  }

  private void run(String export, String... flags) {
    String[] args = new String[4 + flags.length];
    args[0] = "run";
    args[1] = "-c";
    args[2] = config.toString();
    args[3] = "--export=" + export;
    System.arraycopy(flags, 0, args, 4, flags.length);
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private void assertRun(List<Row> rows, Path runDir, Map<Long, Long> expected) throws Exception {
    if (!runDir.getParent().getFileName().toString().equals("inc")) {
      assertSourceContent(rows);
    }
    LineageChecks.assertLineage(rows, runDir, expected);
  }

  private static void assertSourceContent(List<Row> rows) throws Exception {
    LineageChecks.assertSourceContent(TestDatabase::connect, TRUTH, rows);
  }

  private static void assertParquetLineageSchema(Path file) throws Exception {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.getFields())
          .extracting(Type::getName)
          .containsExactly(
              "id",
              "note",
              "total",
              "seen",
              "_rivet_exported_at",
              "_rivet_run_id",
              "_rivet_row_hash");
      Type exportedAt = schema.getType("_rivet_exported_at");
      assertThat(exportedAt.isRepetition(Type.Repetition.REQUIRED)).isTrue();
      assertThat(exportedAt.asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.INT64);
      assertThat(exportedAt.getLogicalTypeAnnotation())
          .isEqualTo(
              LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      assertThat(schema.getType("_rivet_row_hash").asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.INT64);
      assertThat(schema.getType("_rivet_run_id").getLogicalTypeAnnotation())
          .isEqualTo(LogicalTypeAnnotation.stringType());
    }
  }

  private static Map<Long, Long> hashes(List<Row> rows) {
    return LineageChecks.hashes(rows);
  }

  private static Map<Long, Long> expectedHashes(String sql, List<Kind> kinds) throws Exception {
    return LineageChecks.expectedHashes(TestDatabase::connect, sql, kinds);
  }

  private static JsonNode manifest(Path runDir) throws Exception {
    return LineageChecks.manifest(runDir);
  }
}
