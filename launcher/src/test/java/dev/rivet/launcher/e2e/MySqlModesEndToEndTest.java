package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extract modes on real MariaDB: each run's rows equal the SQL truth for its range. Fixtures
 * and truth queries run in a UTC session, as Rivet's reads do.
 */
@Timeout(300)
class MySqlModesEndToEndTest {
  private static final String DB = "rivet_modes_my";
  private static final List<String> ID_NOTE = CsvExports.ID_NOTE;

  @TempDir Path dir;

  private CsvExports exports;

  @BeforeEach
  void exports() {
    exports = new CsvExports(dir, TestMariaDb.sourceYaml());
  }

  @BeforeAll
  static void createDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @Test
  void shouldExportIncrementallyByADatetimeCursorWithLookback() throws Exception {
    String t = DB + ".inc";
    utc(
        "CREATE TABLE "
            + t
            + " (id BIGINT PRIMARY KEY, changed DATETIME(6) NOT NULL,"
            + " note VARCHAR(40), KEY (changed))",
        "INSERT INTO "
            + t
            + " SELECT seq, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq MINUTE,"
            + " CONCAT('v1-', seq) FROM seq_1_to_2000",
        "ANALYZE TABLE " + t);
    Path config =
        exports.config(
            "inc",
            "table: " + t,
            "mode: incremental",
            "cursor: {column: changed, type: timestamp, lookback: 1h}",
            "chunk_rows: 600");

    assertThat(exports.run(config, "inc")).isEqualTo(truth("SELECT id, note FROM " + t));

    utc(
        "INSERT INTO "
            + t
            + " SELECT seq, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq MINUTE,"
            + " CONCAT('v1-', seq) FROM seq_2001_to_2300",
        "UPDATE "
            + t
            + " SET note = CONCAT('v2-', id), changed = TIMESTAMP '2026-01-02 12:00:00'"
            + " + INTERVAL id SECOND WHERE id % 50 = 3",
        "INSERT INTO " + t + " VALUES (9001, TIMESTAMP '2026-01-02 09:00:00', 'late')");
    List<String> second = exports.run(config, "inc");

    // Run 1's mark was 2026-01-02 09:20 (id 2000); the lookback re-reads from 08:20.
    assertThat(second)
        .contains("9001|late", "2300|v1-2300", "1953|v2-1953")
        .isEqualTo(
            truth(
                "SELECT id, note FROM " + t + " WHERE changed > TIMESTAMP '2026-01-02 08:20:00'"));
  }

  @Test
  void shouldChunkATimestampColumnByNewYorkDaysAcrossTheDstChange() throws Exception {
    String t = DB + ".by_day";
    utc(
        "CREATE TABLE "
            + t
            + " (id BIGINT PRIMARY KEY, ts TIMESTAMP NULL, note VARCHAR(40),"
            + " KEY (ts))",
        // Every 20 minutes from 2026-03-06 00:00 New York time (05:00 UTC).
        "INSERT INTO "
            + t
            + " SELECT seq, TIMESTAMP '2026-03-06 05:00:00'"
            + " + INTERVAL seq * 20 MINUTE, CONCAT('n', seq) FROM seq_0_to_356",
        "INSERT INTO " + t + " VALUES (1000, NULL, 'no time')",
        "ANALYZE TABLE " + t);
    Path config =
        exports.config(
            "days",
            "table: " + t,
            "mode: chunked",
            "chunk: {column: ts, by: day, time_zone: America/New_York}");

    Path runDir = exports.runDir(config, "days");

    // New York midnights in UTC: EST (-5) before 03-08, EDT (-4) from then on.
    List<String> starts =
        List.of(
            "2026-03-06 05:00:00",
            "2026-03-07 05:00:00",
            "2026-03-08 05:00:00",
            "2026-03-09 04:00:00",
            "2026-03-10 04:00:00",
            "2026-03-11 04:00:00");
    for (int i = 0; i + 1 < starts.size(); i++) {
      assertThat(ExportedRows.csvFile(runDir.resolve(String.format("part-%05d.csv", i)), ID_NOTE))
          .as("chunk %d", i)
          .containsExactlyInAnyOrderElementsOf(
              truth(
                  "SELECT id, note FROM "
                      + t
                      + " WHERE ts >= '"
                      + starts.get(i)
                      + "' AND ts < '"
                      + starts.get(i + 1)
                      + "'"));
    }
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00002.csv"), ID_NOTE)).hasSize(69);
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00005.csv"), ID_NOTE))
        .containsExactly("1000|no time");
    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
  }

  @Test
  void shouldBalanceChunksOnASparseKey() throws Exception {
    String t = DB + ".sparse";
    utc(
        "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, note VARCHAR(40))",
        "INSERT INTO " + t + " SELECT seq, CONCAT('low', seq) FROM seq_1_to_1000",
        "INSERT INTO " + t + " SELECT seq, CONCAT('high', seq) FROM seq_1000000000_to_1000001000",
        "ANALYZE TABLE " + t);
    Path config =
        exports.config(
            "sparse",
            "table: " + t,
            "mode: chunked",
            "chunk: {column: id, by: range, size: 500}",
            "parallelism: 4");

    Path runDir = exports.runDir(config, "sparse");

    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    for (int i = 0; i < 4; i++) {
      assertThat(ExportedRows.csvFile(runDir.resolve(String.format("part-%05d.csv", i)), ID_NOTE))
          .hasSize(500);
    }
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00004.csv"), ID_NOTE)).hasSize(1);
  }

  private static void utc(String... statements) throws Exception {
    try (Connection c = TestMariaDb.connect();
        Statement st = c.createStatement()) {
      st.execute("SET time_zone = '+00:00'");
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  private static List<String> truth(String sql) throws Exception {
    try (Connection c = TestMariaDb.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("SET time_zone = '+00:00'");
      }
      return ExportedRows.query(c, sql);
    }
  }
}
