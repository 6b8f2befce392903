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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of several chunks on the direct runner reads them in this process without a Beam pipeline,
 * on up to {@code parallelism} threads: the output is exactly the source, the source never sees
 * more than {@code parallelism} of the run's chunk reads at once (and sees two at once with
 * parallelism 2: behind a table lock the test takes, see {@link #sampleChunkReads}), and a chunk
 * that fails fails the run as the pipeline did (exit code and message), publishes nothing, and a
 * resumed run completes it exactly.
 */
@Timeout(300)
class InlineParallelEndToEndTest {
  private static final String SCHEMA = "inlinepar_e2e";
  private static final String TABLE = SCHEMA + ".items";
  private static final String FAILING = SCHEMA + ".failing";
  private static final String EARLY = SCHEMA + ".early";
  private static final int ROWS = 300_000;

  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("qty", "qty::text");
    CANONICAL.put("name", "name");
    CANONICAL.put("day", "(day - date '1970-01-01')::text");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty int, name text, day date)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 31) % 1000 END,"
            + " 'name-' || g || repeat('x', g % 50), date '1990-01-01' + (g % 20000)"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE,
        "DROP TABLE IF EXISTS " + FAILING,
        "CREATE TABLE " + FAILING + " (id bigint PRIMARY KEY, due date, note text)",
        "INSERT INTO "
            + FAILING
            + " SELECT g, date '2026-01-01' + g % 300, 'n' || g FROM generate_series(1, 8000) g",
        // One value in a middle chunk cannot be written with on_infinity: fail.
        "UPDATE " + FAILING + " SET due = 'infinity' WHERE id = 4500",
        "ANALYZE " + FAILING,
        "DROP TABLE IF EXISTS " + EARLY,
        "CREATE TABLE " + EARLY + " (id bigint PRIMARY KEY, due date, note text)",
        "INSERT INTO "
            + EARLY
            + " SELECT g, date '2026-01-01' + g % 300, 'n' || g FROM generate_series(1, 40000) g",
        // The first row of the first chunk cannot be written with on_infinity: fail.
        "UPDATE " + EARLY + " SET due = 'infinity' WHERE id = 1",
        "ANALYZE " + EARLY);
  }

  @AfterAll
  static void dropTables() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldReadSeveralChunksInlineOnAtMostParallelismConnectionsAndMatchTheSource()
      throws Exception {
    // The sampler's lock holder and its watcher are two busy sessions when the run is planned:
    // the default profile would yield to them and read one chunk at a time.
    Path config =
        config(
            "items",
            TABLE,
            "parquet",
            "chunk_rows: 30000\n    parallelism: 2\n    tuning: {yield_to_sessions: 0}\n",
            "out");
    AtomicBoolean running = new AtomicBoolean(true);
    CompletableFuture<List<Integer>> sampling =
        CompletableFuture.supplyAsync(() -> sampleChunkReads(running, dir.resolve("out")));

    Cli.Logged result;
    try {
      result = Cli.runLogged("run", "-c", config.toString());
    } finally {
      running.set(false);
    }
    List<Integer> samples = sampling.get();

    assertThat(result.cli().exitCode()).as(result.toString()).isZero();
    assertThat(result.log())
        .contains("reading 10 chunk(s), 2 at a time, in this process (no pipeline)")
        .doesNotContain("on direct");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    assertThat(OutputFiles.dataFiles(runDir, ".parquet")).hasSize(10);
    assertMatchesSource(runDir);
    assertThat(samples)
        .as("chunk reads of the run waiting behind the table lock, sampled")
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2))
        .contains(2);
  }

  @Test
  void shouldReadEveryChunkOfAReaderInOneSourceSession() throws Exception {
    Path config =
        config("sessions", TABLE, "csv", "chunk_rows: 30000\n    parallelism: 1\n", "sessions-out");
    AtomicBoolean running = new AtomicBoolean(true);
    CompletableFuture<Map<String, Integer>> sampling =
        CompletableFuture.supplyAsync(() -> sampleReaderSessions(running));

    Cli.Result result;
    try {
      result = Cli.run("run", "-c", config.toString());
    } finally {
      running.set(false);
    }
    Map<String, Integer> sessionOfChunk = sampling.get();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(
            OutputFiles.dataFiles(
                OutputFiles.onlyRunDir(dir.resolve("sessions-out"), "sessions"), ".csv"))
        .hasSize(10);
    assertThat(sessionOfChunk)
        .as("chunk statements seen, with their session")
        .hasSizeGreaterThan(2);
    assertThat(Set.copyOf(sessionOfChunk.values()))
        .as("server sessions that read the chunks, by chunk statement: %s", sessionOfChunk)
        .hasSize(1);
  }

  @Test
  void shouldFailTheRunOfAFailingChunkPublishNothingAndCompleteItExactlyOnResume()
      throws Exception {
    Path config =
        config(
            "failing",
            FAILING,
            "csv",
            "chunk_rows: 1000\n    parallelism: 2\n    on_infinity: fail\n",
            "fail-out");

    Cli.Result failed = Cli.run("run", "-c", config.toString());

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    assertThat(failed.err()).contains("the row where id = 4500");
    assertThat(failed.err()).doesNotContain("stopped before it was complete");
    try (Stream<Path> files = Files.walk(dir.resolve("fail-out"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("nothing of the failed run is published")
          .doesNotContain("_SUCCESS", "manifest.json");
    }
    assertThat(Cli.run("state", "runs", "-c", config.toString()).out()).contains("FAILED");

    TestDatabase.execute("UPDATE " + FAILING + " SET due = NULL WHERE id = 4500");
    Cli.Result resumed = Cli.run("run", "-c", config.toString(), "--resume");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("fail-out"), "failing");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    List<String> columns = List.of("id", "note");
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDir, columns))
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + FAILING));
    }
  }

  @Test
  void shouldStopTheOtherReaderOnceAChunkFailedAndStartNoFurtherChunk() throws Exception {
    Path config =
        config(
            "early",
            EARLY,
            "csv",
            "chunk_rows: 1000\n    parallelism: 2\n    on_infinity: fail\n",
            "early-out");

    Cli.Result failed = Cli.run("run", "-c", config.toString());

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    assertThat(failed.err()).contains("the row where id = 1");
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    // Chunk 0 fails at its first row; the other reader gives up (or completes) the chunk it holds
    // and takes no other: of the forty chunks, at least half are never started (the healthy reader
    // completes a few small chunks on its kept connection while the failure is recorded).
    assertThat(chunks.out().lines().skip(1).filter(l -> l.contains("PLANNED")).count())
        .as(chunks.toString())
        .isGreaterThanOrEqualTo(20);
    assertThat(chunks.out().lines().filter(l -> l.startsWith("0 ")).findFirst().orElseThrow())
        .contains("FAILED")
        .endsWith("1:DATA");
  }

  /**
   * Every few milliseconds until {@code running} turns false: each chunk statement of the test
   * table seen in {@code pg_stat_activity} (running or just finished), with the session that ran
   * it.
   */
  private static Map<String, Integer> sampleReaderSessions(AtomicBoolean running) {
    Map<String, Integer> sessions = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      while (running.get()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT query, pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND query LIKE 'COPY (SELECT %inlinepar_e2e%items%'")) {
          while (rs.next()) {
            sessions.putIfAbsent(rs.getString(1), rs.getInt(2));
          }
        }
        Thread.sleep(2);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return sessions;
  }

  /**
   * The counts of the run's chunk reads waiting behind an exclusive lock on the table, taken once
   * the run's first chunk file appears (see {@link ChunkReadsBehindLock#sample}).
   */
  private static List<Integer> sampleChunkReads(AtomicBoolean running, Path out) {
    return ChunkReadsBehindLock.sample(
        new ChunkReadsBehindLock.Server() {
          @Override
          public Connection connect() throws Exception {
            return TestDatabase.connect();
          }

          @Override
          public void lock(Statement lock) throws Exception {
            lock.getConnection().setAutoCommit(false);
            lock.execute("SET LOCAL lock_timeout = '60s'");
            lock.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
          }

          @Override
          public void unlock(Statement lock) throws Exception {
            lock.getConnection().rollback();
          }

          @Override
          public int waiting(Statement s) throws Exception {
            return waitingChunkReads(s);
          }
        },
        running,
        out);
  }

  /**
   * The other sessions waiting for a lock on the test table: the run's readers (a reader waits in
   * its chunk's first statement, whose text {@code pg_stat_activity} may not show yet).
   */
  private static int waitingChunkReads(Statement s) throws Exception {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted"
                + " AND relation = '"
                + TABLE
                + "'::regclass AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void assertMatchesSource(Path runDir) throws Exception {
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(TABLE, CANONICAL))) {
      rs.next();
      assertThat(fromFiles.rows()).isEqualTo(rs.getLong(1)).isEqualTo(ROWS);
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        expected.put(column, rs.getString(i++));
      }
    }
    assertThat(fromFiles.sums()).isEqualTo(expected);
  }

  private Path config(String name, String table, String format, String extra, String destination)
      throws Exception {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        TestDatabase.sourceYaml()
            + "state: "
            + name
            + "-state.db\n"
            + "exports:\n"
            + "  - name: "
            + name
            + "\n"
            + "    table: "
            + table
            + "\n"
            + "    format: "
            + format
            + "\n"
            + "    compression: none\n"
            + "    destination: "
            + destination
            + "\n"
            + "    "
            + extra);
  }
}
