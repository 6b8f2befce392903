package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.e2e.LineageRows.Row;
import dev.rivet.launcher.e2e.SourceRowHash.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meta_columns} on real MariaDB: Parquet and CSV carry the run id, the plan's time and a row
 * hash equal to an independent recomputation from the source (DATETIME hashed as a timestamp
 * without time zone); a row re-read by an incremental lookback keeps its hash.
 */
@Timeout(300)
class MySqlLineageColumnsEndToEndTest {
  private static final String DB = "rivet_lineage_my";
  private static final String TABLE = DB + ".items";
  private static final String ALL_COLUMNS =
      "SELECT id, id, note, total, seen FROM " + TABLE + " ORDER BY id";
  private static final List<Kind> ALL_KINDS =
      List.of(Kind.INTEGER, Kind.TEXT, Kind.DECIMAL, Kind.TIMESTAMP);
  private static final String TRUTH = "SELECT id, note, total FROM " + TABLE;

  @TempDir Path dir;
  private Path config;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB,
        "CREATE TABLE "
            + TABLE
            + " (id BIGINT PRIMARY KEY, note VARCHAR(40), total DECIMAL(12,2),"
            + " seen DATETIME(6) NOT NULL, KEY (seen)) CHARACTER SET utf8mb4",
        "INSERT INTO "
            + TABLE
            + " SELECT seq,"
            + " CASE WHEN seq % 50 = 0 THEN NULL WHEN seq % 50 = 1 THEN ''"
            + " ELSE CONCAT('n€', seq) END,"
            + " CASE WHEN seq % 7 = 0 THEN NULL ELSE seq * 1.25 END,"
            + " TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq MINUTE"
            + " + INTERVAL seq MICROSECOND"
            + " FROM seq_1_to_1200",
        "ANALYZE TABLE " + TABLE);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @BeforeEach
  void writeConfig() throws Exception {
    config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestMariaDb.sourceYaml()
                + "state: state.db\n"
                + "defaults:\n"
                + "  destination: out\n"
                + "  compression: none\n"
                + "  meta_columns: {exported_at: true, run_id: true, row_hash: true}\n"
                + "exports:\n"
                + ("  - {name: p, table: " + TABLE + ", format: parquet, chunk_rows: 300}\n")
                + ("  - {name: c, table: " + TABLE + ", format: csv, chunk_rows: 500}\n")
                + ("  - name: inc\n    table: " + TABLE + "\n    format: csv\n")
                + "    mode: incremental\n"
                + "    cursor: {column: seen, type: timestamp, lookback: 1h}\n");
  }

  @Test
  void shouldWriteTheSameSourceRowHashToParquetAndCsv() throws Exception {
    Map<Long, Long> expected = expectedHashes();

    run("p");
    Path pRun = OutputFiles.onlyRunDir(dir.resolve("out"), "p");
    List<Path> pFiles = OutputFiles.dataFiles(pRun, ".parquet");
    assertThat(pFiles).hasSizeGreaterThan(1);
    List<Row> parquet = LineageRows.parquet(pFiles);
    LineageChecks.assertSourceContent(TestMariaDb::connect, TRUTH, parquet);
    LineageChecks.assertLineage(parquet, pRun, expected);

    run("c");
    Path cRun = OutputFiles.onlyRunDir(dir.resolve("out"), "c");
    List<Path> cFiles = OutputFiles.dataFiles(cRun, ".csv");
    assertThat(cFiles).hasSizeGreaterThan(1);
    List<Row> csv = LineageRows.csv(cFiles);
    LineageChecks.assertSourceContent(TestMariaDb::connect, TRUTH, csv);
    LineageChecks.assertLineage(csv, cRun, expected);

    assertThat(LineageChecks.hashes(csv)).isEqualTo(LineageChecks.hashes(parquet));
    assertThat(LineageChecks.manifest(cRun).get("meta_columns").findValuesAsText("name"))
        .containsExactly("_rivet_exported_at", "_rivet_run_id", "_rivet_row_hash");
  }

  @Test
  void shouldGiveARowReReadByTheLookbackTheSameHashInTheNextRun() throws Exception {
    run("inc");
    Path first = OutputFiles.onlyRunDir(dir.resolve("out"), "inc");
    List<Row> run1 = LineageRows.csv(OutputFiles.dataFiles(first, ".csv"));
    LineageChecks.assertSourceContent(TestMariaDb::connect, TRUTH, run1);
    LineageChecks.assertLineage(run1, first, expectedHashes());

    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), "inc"));
    try {
      TestMariaDb.execute(
          "INSERT INTO " + TABLE + " VALUES (5000, 'new', 1.00, TIMESTAMP '2026-01-02 00:00:00')");
      run("inc");
      Path second = ExportedRows.newRunDir(dir.resolve("out"), "inc", before);
      List<Row> run2 = LineageRows.csv(OutputFiles.dataFiles(second, ".csv"));

      assertThat(run2).extracting(Row::id).contains(1200L, 1141L, 5000L).doesNotContain(1000L);
      LineageChecks.assertLineage(run2, second, expectedHashes());
      Map<Long, Long> hashes1 = LineageChecks.hashes(run1);
      for (Row row : run2) {
        if (row.id() != 5000L) {
          assertThat(row.rowHash()).as("re-read row %d", row.id()).isEqualTo(hashes1.get(row.id()));
        }
      }
      assertThat(run2.get(0).runId()).isNotEqualTo(run1.get(0).runId());
    } finally {
      TestMariaDb.execute("DELETE FROM " + TABLE + " WHERE id = 5000");
    }
  }

  private void run(String export) {
    Cli.Result result = Cli.run("run", "-c", config.toString(), "--export", export);
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private static Map<Long, Long> expectedHashes() throws Exception {
    return LineageChecks.expectedHashes(TestMariaDb::connect, ALL_COLUMNS, ALL_KINDS);
  }
}
