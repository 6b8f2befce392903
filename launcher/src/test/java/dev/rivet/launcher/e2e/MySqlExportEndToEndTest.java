package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole exports from the real MariaDB through the rivet command line, checked against the source by
 * row count and per-column checksums; and what happens when the source kills the read.
 */
class MySqlExportEndToEndTest {
  private static final String DATABASE = "rivet_e2e_my";
  private static final int ROWS = 1_000_000;

  /** Canonical text of each column in MariaDB SQL; {@link OutputFiles} produces the same. */
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "CAST(id AS CHAR)");
    CANONICAL.put("qty", "CAST(qty AS CHAR)");
    CANONICAL.put("price", "CAST(price AS CHAR)");
    CANONICAL.put("name", "name");
    CANONICAL.put("flag", "IF(flag, 'true', 'false')");
    CANONICAL.put(
        "created", "CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created) AS CHAR)");
    CANONICAL.put("day", "CAST(DATEDIFF(day, '1970-01-01') AS CHAR)");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4",
        "DROP TABLE IF EXISTS " + DATABASE + ".big",
        "CREATE TABLE "
            + DATABASE
            + ".big (id bigint PRIMARY KEY, qty int NOT NULL,"
            + " price decimal(12,2), name varchar(100) NOT NULL, flag tinyint(1),"
            + " created datetime(6), day date, note text) CHARACTER SET utf8mb4",
        "INSERT INTO "
            + DATABASE
            + ".big SELECT seq, (seq * 7) % 1000,"
            + " ((seq * 13) % 10000000) / 100.0, CONCAT('name-', seq, ' \uD83D\uDE80'), seq % 3 = 0,"
            + " TIMESTAMPADD(MICROSECOND, seq * 123, TIMESTAMPADD(SECOND, seq * 1017, '1971-01-01')),"
            + " DATE_ADD('1900-01-01', INTERVAL seq % 60000 DAY),"
            + " CASE WHEN seq % 10 = 0 THEN NULL WHEN seq % 10 = 1 THEN ''"
            + " ELSE REPEAT('xy\"', seq % 40) END FROM seq_1_to_"
            + ROWS,
        "ANALYZE TABLE " + DATABASE + ".big");
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void shouldExportMillionRowsWithSmallHeapAndExactChecksums() throws Exception {
    Path config = writeConfig("big", 100_000);

    Cli.Result result = JavaProcess.rivet(dir, "256m", "run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "big");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> source = sourceSums();
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(fromFiles.rows()).isEqualTo(ROWS);
    assertThat(fromFiles.sums()).isEqualTo(source);
  }

  @Test
  @Timeout(300)
  void shouldReadAKilledChunkAgainAndPublishExactlyTheSourceRows() throws Exception {
    // One chunk with a small fetch size: the read is long enough to be killed mid-stream.
    Path config = writeConfig("big", 10_000_000, "    fetch_size: 50\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int killed = killRivetReads(run, 1);
    Cli.Result result = run.get(240, TimeUnit.SECONDS);

    assertThat(killed).as("rivet reads killed").isEqualTo(1);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "big");
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> source = sourceSums();
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(fromFiles.sums()).isEqualTo(source);
    assertThat(onlyChunk().attempts()).isEqualTo(2);
    assertThat(onlyChunk().status()).isEqualTo(ChunkStatus.PUBLISHED);
  }

  @Test
  @Timeout(300)
  void shouldFailWithoutPublishingWhenEveryAttemptIsKilled() throws Exception {
    Path config = writeConfig("big", 10_000_000, "    fetch_size: 50\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int killed = killRivetReads(run, Integer.MAX_VALUE);
    Cli.Result result = run.get(240, TimeUnit.SECONDS);

    assertThat(killed).as("every attempt was killed").isEqualTo(3);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err()).contains("rivet: error: ").contains("chunk 0").doesNotContain("\tat ");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no published file and no _SUCCESS after a failed read")
          .noneMatch(name -> name.equals("_SUCCESS") || name.startsWith("part-"));
    }
    assertThat(onlyChunk().attempts()).isEqualTo(3);
    assertThat(onlyChunk().status()).isEqualTo(ChunkStatus.FAILED);
    assertThat(onlyChunk().errorClass()).isEqualTo("SOURCE_TRANSIENT");
  }

  /**
   * FLOAT is read as DOUBLE (the text protocol rounds it to 6 digits); the chunk's column check
   * must expect DOUBLE, not report a schema change on every run, and each value lands exact.
   */
  @Test
  @Timeout(120)
  void shouldExportFloatColumnsExactly() throws Exception {
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + DATABASE + ".floats",
        "CREATE TABLE "
            + DATABASE
            + ".floats (id int PRIMARY KEY, f float, g float NOT NULL, h float(7,3))",
        "INSERT INTO "
            + DATABASE
            + ".floats SELECT seq, CASE WHEN seq % 7 = 0 THEN NULL ELSE seq / 3 END,"
            + " -seq * 1.0e-30, seq / 7 FROM seq_1_to_3000",
        "INSERT INTO " + DATABASE + ".floats VALUES (3001, 3.4e38, -3.4e38, -9999.999)");
    Path config = writeConfig("floats", 1000);

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> columns = List.of("id", "f", "g", "h");
    ColumnChecksums fromFiles = new ColumnChecksums(columns);
    OutputFiles.checksumParquet(
        OutputFiles.dataFiles(OutputFiles.onlyRunDir(dir.resolve("out"), "big"), ".parquet"),
        fromFiles);
    ColumnChecksums fromSource = new ColumnChecksums(columns);
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, CAST(f AS DOUBLE), CAST(g AS DOUBLE), CAST(h AS DOUBLE) FROM "
                    + DATABASE
                    + ".floats")) {
      while (rs.next()) {
        fromSource.add("id", rs.getString(1));
        for (int i = 2; i <= 4; i++) {
          double value = rs.getDouble(i);
          fromSource.add(columns.get(i - 1), rs.wasNull() ? null : Float.toString((float) value));
        }
        fromSource.endRow();
      }
    }
    assertThat(fromFiles.rows()).isEqualTo(3001);
    assertThat(fromFiles.sums()).isEqualTo(fromSource.sums());
  }

  @Test
  void shouldReportAMissingTable() throws Exception {
    Path config = writeConfig("no_such_table", 1000);

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no_such_table").contains("hint:").doesNotContain("\tat ");
  }

  @Test
  void shouldRejectAWrongPassword() throws Exception {
    Files.writeString(dir.resolve("pw"), "not-the-password\n");
    String yaml =
        "source:\n  url: "
            + TestMariaDb.URL
            + "\n  user: rivet_auth\n  password_file: pw\n"
            + "state: state.db\nexports:\n  - name: big\n    table: "
            + DATABASE
            + ".big\n    destination: out\n";
    Path config = Files.writeString(dir.resolve("rivet.yaml"), yaml);

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err())
        .contains("Access denied")
        .contains("hint:")
        .doesNotContain("not-the-password");
  }

  /**
   * Kills each chunk read of the run once it has streamed for a moment, up to {@code limit} reads,
   * until the run ends; returns how many were killed.
   */
  private int killRivetReads(CompletableFuture<Cli.Result> run, int limit) throws Exception {
    int killed = 0;
    long lastKilled = -1;
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement()) {
      while (!run.isDone() && killed < limit) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Query', 'Execute')"
                    // The chunk read, not the planner's catalog queries.
                    + " AND INFO LIKE 'SELECT `id`, `qty`%FROM `"
                    + DATABASE
                    + "`.`big`%' AND ID <> CONNECTION_ID() AND TIME_MS > 300")) {
          if (rs.next() && rs.getLong(1) != lastKilled) {
            lastKilled = rs.getLong(1);
            s.execute("KILL CONNECTION " + lastKilled);
            killed++;
          }
        }
        Thread.sleep(20);
      }
    }
    return killed;
  }

  private ChunkRecord onlyChunk() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      String runId = store.runs(null, 1).get(0).runId();
      List<ChunkRecord> chunks = store.chunks(runId);
      assertThat(chunks).hasSize(1);
      return chunks.get(0);
    }
  }

  private static Map<String, String> sourceSums() throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(ColumnChecksums.mariaDbSqlFor(DATABASE + ".big", CANONICAL))) {
      rs.next();
      sums.put("count", rs.getString(1));
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        sums.put(column, rs.getString(i++));
      }
    }
    return sums;
  }

  private Path writeConfig(String table, int chunkRows) throws Exception {
    return writeConfig(table, chunkRows, "");
  }

  private Path writeConfig(String table, int chunkRows, String extra) throws Exception {
    String yaml =
        TestMariaDb.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: big\n"
            + "    table: "
            + DATABASE
            + "."
            + table
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
