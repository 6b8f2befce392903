package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On MariaDB, a run of several chunks on the direct runner reads them in this process, without a
 * Beam pipeline, on at most {@code parallelism} connections at once (two at once with parallelism
 * 2), and publishes exactly the source rows. Rows of about 1 KB make each chunk (10 MB) larger than
 * the socket buffers, so the server's statement lasts as long as the reader takes to read it and
 * two readers' statements can be seen at once.
 */
@Timeout(300)
class MySqlInlineParallelEndToEndTest {
  private static final String DATABASE = "inlinepar_e2e";
  private static final String TABLE = DATABASE + ".items";
  private static final int ROWS = 100_000;
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "CAST(id AS CHAR)");
    CANONICAL.put("qty", "CAST(qty AS CHAR)");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, qty int, note varchar(1100))",
        "INSERT INTO "
            + TABLE
            + " SELECT seq, IF(seq % 7 = 0, NULL, (seq * 31) % 1000),"
            + " IF(seq % 9 = 0, NULL, CONCAT('note ', seq, REPEAT('x', 500 + seq % 500)))"
            + " FROM seq_1_to_"
            + ROWS,
        "ANALYZE TABLE " + TABLE);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DATABASE);
  }

  @Test
  void shouldReadSeveralChunksInlineOnAtMostParallelismConnectionsAndMatchTheSource()
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestMariaDb.sourceYaml()
                + "state: "
                + dir.resolve("state.db")
                + "\nexports:\n  - name: items\n    table: "
                + TABLE
                + "\n    destination: "
                + dir.resolve("out")
                + "\n    chunk_rows: 10000\n    parallelism: 2\n");
    AtomicBoolean running = new AtomicBoolean(true);
    CompletableFuture<List<Integer>> sampling =
        CompletableFuture.supplyAsync(() -> sampleRunningStatements(running));

    Cli.Result run;
    try {
      run = Cli.run("run", "-c", config.toString());
    } finally {
      running.set(false);
    }
    List<Integer> samples = sampling.get();

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    // About ten chunks of 10,000 rows: the index walk places the boundaries on sampled keys, so
    // the count may differ by one; one file per chunk either way.
    assertThat(OutputFiles.dataFiles(runDir, ".parquet")).hasSizeBetween(8, 12);
    ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
    Map<String, String> source = ColumnChecksums.ofMariaDb(TABLE, CANONICAL);
    assertThat(files.rows()).isEqualTo(Long.parseLong(source.remove("count"))).isEqualTo(ROWS);
    assertThat(files.sums()).isEqualTo(source);
    assertThat(samples).as("running statements of the run, sampled").isNotEmpty();
    assertThat(samples.stream().mapToInt(Integer::intValue).max().orElse(0))
        .as("most statements of the run at once, in %s", samples)
        .isEqualTo(2);
  }

  /**
   * Counts, every few milliseconds until {@code running} turns false, the other connections running
   * a statement that reads the test table.
   */
  private static List<Integer> sampleRunningStatements(AtomicBoolean running) {
    List<Integer> samples = new ArrayList<>();
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement()) {
      while (running.get()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Query', 'Execute')"
                    + " AND ID <> CONNECTION_ID() AND INFO LIKE '%inlinepar_e2e%items%'"
                    + " AND INFO NOT LIKE '%PROCESSLIST%'")) {
          rs.next();
          int statements = rs.getInt(1);
          if (statements > 0) {
            samples.add(statements);
          }
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return samples;
  }
}
