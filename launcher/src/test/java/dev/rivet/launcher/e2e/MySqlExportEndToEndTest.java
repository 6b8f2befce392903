package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
  void shouldFailWithoutPublishingWhenTheServerKillsTheRead() throws Exception {
    // One chunk with a tiny fetch size: the read is long enough to be killed mid-stream.
    Path config = writeConfig("big", 10_000_000, "    fetch_size: 50\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    long killed = killRivetReadWhenItRuns();
    Cli.Result result = run.get(240, TimeUnit.SECONDS);

    assertThat(killed).as("a rivet read was found and killed").isPositive();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err()).contains("rivet: error: ").contains("chunk 0").doesNotContain("\tat ");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no published file and no _SUCCESS after a killed read")
          .noneMatch(name -> name.equals("_SUCCESS") || name.startsWith("part-"));
    }
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    assertThat(chunks.out())
        .contains("FAILED")
        .doesNotContain("WRITTEN")
        .doesNotContain("PUBLISHED");
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

  private long killRivetReadWhenItRuns() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query'"
                    // The chunk read, not the planner's catalog queries.
                    + " AND INFO LIKE 'SELECT `id`, `qty`%FROM `"
                    + DATABASE
                    + "`.`big`%' AND ID <> CONNECTION_ID()")) {
          if (rs.next()) {
            long id = rs.getLong(1);
            // Let some rows stream first, so the kill lands mid-read.
            Thread.sleep(300);
            s.execute("KILL CONNECTION " + id);
            return id;
          }
        }
        Thread.sleep(20);
      }
    }
    return -1;
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
