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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On MariaDB, a run of several chunks on the direct runner reads them in this process, without a
 * Beam pipeline, on at most {@code parallelism} connections at once (two at once with parallelism
 * 2), and publishes exactly the source rows.
 *
 * <p>Chunk reads through the binary protocol end in a few milliseconds, too fast for a sampler to
 * see two at once reliably. So once the first chunk read shows up, the test takes a write lock on
 * the table: every later chunk read then waits for its metadata lock in the process list, where the
 * test counts them — both readers must arrive, and no third — before it releases the lock.
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
        CompletableFuture.supplyAsync(() -> sampleChunkReads(running, dir.resolve("out")));

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
    assertThat(samples)
        .as("chunk reads of the run waiting behind the table lock, sampled")
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2))
        .contains(2);
  }

  /**
   * The counts of the run's chunk reads waiting behind a write lock on the table, taken once the
   * run's first chunk file appears (see {@link ChunkReadsBehindLock#sample}).
   */
  private static List<Integer> sampleChunkReads(AtomicBoolean running, Path out) {
    return ChunkReadsBehindLock.sample(
        new ChunkReadsBehindLock.Server() {
          @Override
          public Connection connect() throws Exception {
            return TestMariaDb.connect();
          }

          @Override
          public void prepare(Statement lock) throws Exception {
            lock.execute("SET SESSION lock_wait_timeout = 60");
          }

          @Override
          public void lock(Statement lock) throws Exception {
            lock.execute("LOCK TABLES " + TABLE + " WRITE");
          }

          @Override
          public void unlock(Statement lock) throws Exception {
            lock.execute("UNLOCK TABLES");
          }

          @Override
          public int waiting(Statement s) throws Exception {
            return waitingChunkReads(s);
          }
        },
        running,
        out);
  }

  /** The other connections' chunk reads of the test table waiting for a metadata lock. */
  private static int waitingChunkReads(Statement s) throws Exception {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND IN ('Query', 'Execute') AND ID <> CONNECTION_ID()"
                + " AND INFO LIKE 'SELECT %`inlinepar_e2e`.`items` WHERE%'"
                + " AND STATE LIKE 'Waiting for table metadata lock%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
