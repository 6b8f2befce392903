package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader's kept source connection that the server closes while the reader waits between two
 * chunks ({@code pg_terminate_backend} on PostgreSQL, {@code KILL} on MariaDB, as an idle timeout
 * or a restart would) is replaced by the next chunk without spending a retry: the run completes
 * with every chunk read in one attempt, says so once in its log, and its files hold exactly the
 * source rows. The test finds the reader idle in its {@code pause_between_chunks}, once the first
 * chunk's file is complete: the reader has rolled back and kept its connection before it renames
 * the file.
 */
@Timeout(180)
class KeptConnectionEndToEndTest {
  private static final String NAME = "kept_e2e";
  private static final String PG_READER = "rivet_kept_e2e_reader";
  private static final int ROWS = 30_000;
  private static final String RECONNECTED = "was closed by the server since its last chunk";

  @TempDir Path dir;

  @Test
  void shouldReplaceAKeptConnectionTerminatedBetweenChunksOnPostgresWithoutARetry()
      throws Exception {
    String table = NAME + ".items";
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + NAME + " CASCADE",
        "CREATE SCHEMA " + NAME,
        "CREATE TABLE " + table + " (id bigint PRIMARY KEY, qty int, name text)",
        "INSERT INTO "
            + table
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 31) % 1000 END,"
            + " 'name-' || g FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + table,
        // The run's own role: its sessions are the only ones of that user.
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + PG_READER
            + "') THEN CREATE ROLE "
            + PG_READER
            + " LOGIN; END IF; END $$",
        "GRANT USAGE ON SCHEMA " + NAME + " TO " + PG_READER,
        "GRANT SELECT ON " + table + " TO " + PG_READER);
    try {
      Path config =
          config("source:\n  url: " + TestDatabase.URL + "\n  user: " + PG_READER + "\n", table);

      Run run = runAndCloseTheReadersConnectionOnce(config, this::terminatePostgresReader);

      Map<String, String> canonical = new LinkedHashMap<>();
      canonical.put("id", "id::text");
      canonical.put("qty", "qty::text");
      canonical.put("name", "name");
      ColumnChecksums files = run.checksums(dir.resolve("out"), canonical.keySet());
      try (Connection c = TestDatabase.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(table, canonical))) {
        rs.next();
        assertThat(files.rows()).isEqualTo(rs.getLong(1)).isEqualTo(ROWS);
        Map<String, String> expected = new LinkedHashMap<>();
        int i = 2;
        for (String column : canonical.keySet()) {
          expected.put(column, rs.getString(i++));
        }
        assertThat(files.sums()).isEqualTo(expected);
      }
    } finally {
      TestDatabase.execute(
          "DROP SCHEMA IF EXISTS " + NAME + " CASCADE",
          "DROP OWNED BY " + PG_READER,
          "DROP ROLE IF EXISTS " + PG_READER);
    }
  }

  @Test
  void shouldReplaceAKeptConnectionKilledBetweenChunksOnMariaDbWithoutARetry() throws Exception {
    String table = NAME + ".items";
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + NAME,
        "CREATE DATABASE " + NAME + " CHARACTER SET utf8mb4",
        "CREATE TABLE " + table + " (id int PRIMARY KEY, qty int, note varchar(100))",
        "INSERT INTO "
            + table
            + " SELECT seq, IF(seq % 7 = 0, NULL, (seq * 31) % 1000), CONCAT('note ', seq)"
            + " FROM seq_1_to_"
            + ROWS,
        "ANALYZE TABLE " + table);
    try {
      // The run's connections are the only ones whose current database is the test's.
      String url = TestMariaDb.URL;
      int slash = url.indexOf('/', url.indexOf("//") + 2);
      int query = url.indexOf('?', slash);
      String own = url.substring(0, slash + 1) + NAME + (query < 0 ? "" : url.substring(query));
      Path config = config(TestMariaDb.sourceYaml().replace(url, own), table);

      Run run = runAndCloseTheReadersConnectionOnce(config, this::killMariaDbReader);

      Map<String, String> canonical = new LinkedHashMap<>();
      canonical.put("id", "CAST(id AS CHAR)");
      canonical.put("qty", "CAST(qty AS CHAR)");
      canonical.put("note", "note");
      ColumnChecksums files = run.checksums(dir.resolve("out"), canonical.keySet());
      Map<String, String> source = ColumnChecksums.ofMariaDb(table, canonical);
      assertThat(files.rows()).isEqualTo(Long.parseLong(source.remove("count"))).isEqualTo(ROWS);
      assertThat(files.sums()).isEqualTo(source);
    } finally {
      TestMariaDb.execute("DROP DATABASE IF EXISTS " + NAME);
    }
  }

  /** Closes the reader's idle source connection on the server; returns what it closed. */
  @FunctionalInterface
  private interface Closer {
    String close() throws Exception;
  }

  /** A completed run: its log and the state of its chunks. */
  private record Run(Cli.Logged logged, List<ChunkRecord> chunks) {
    ColumnChecksums checksums(Path out, java.util.Set<String> columns) throws Exception {
      Path runDir = OutputFiles.onlyRunDir(out, "items");
      assertThat(runDir.resolve("_SUCCESS")).exists();
      ColumnChecksums sums = new ColumnChecksums(List.copyOf(columns));
      OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), sums);
      return sums;
    }
  }

  /**
   * Runs {@code config} and, once the first chunk's file is complete (its reader then waits out its
   * pause with its connection kept), closes the reader's connection with {@code closer}; checks
   * that the run completed with no chunk read twice and logged the reconnect once.
   */
  private Run runAndCloseTheReadersConnectionOnce(Path config, Closer closer) throws Exception {
    CompletableFuture<Cli.Logged> running =
        CompletableFuture.supplyAsync(() -> Cli.runLogged("run", "-c", config.toString()));
    Path out = dir.resolve("out");
    while (!running.isDone() && !completeFile(out)) {
      Thread.sleep(2);
    }
    assertThat(running).as("the run ended before its first chunk's file was complete").isNotDone();
    String closed = closer.close();
    Cli.Logged logged = running.get(120, TimeUnit.SECONDS);

    assertThat(logged.cli().exitCode()).as(logged.toString()).isZero();
    assertThat(logged.log())
        .as("closed %s; log:%n%s", closed, logged.log())
        .containsOnlyOnce(RECONNECTED)
        .doesNotContain("reading the chunk again");
    List<ChunkRecord> chunks;
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      chunks = store.chunks(store.runs(null, 1).get(0).runId());
    }
    assertThat(chunks).as("chunks").hasSizeGreaterThanOrEqualTo(2);
    assertThat(chunks)
        .as("attempts of each chunk: the reconnect spent none")
        .allSatisfy(chunk -> assertThat(chunk.attempts()).isOne());
    return new Run(logged, chunks);
  }

  /** Whether a chunk's file is complete under {@code out} (in-progress files are dot-files). */
  private static boolean completeFile(Path out) {
    if (!Files.isDirectory(out)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("part-"));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false; // a file renamed while listed: look again
    }
  }

  /** Terminates the run's one idle session; fails when there is not exactly one. */
  private String terminatePostgresReader() throws Exception {
    List<Integer> terminated = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      // The reader is idle once its chunk's file is complete; a loaded server may list it a moment
      // later.
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (terminated.isEmpty() && System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                    + PG_READER
                    + "' AND state = 'idle'")) {
          while (rs.next()) {
            assertThat(rs.getBoolean(2)).isTrue();
            terminated.add(rs.getInt(1));
          }
        }
        Thread.sleep(terminated.isEmpty() ? 10 : 0);
      }
    }
    assertThat(terminated).as("the reader's idle session, terminated").hasSize(1);
    return "backend " + terminated;
  }

  /** Kills the run's one idle connection; fails when there is not exactly one. */
  private String killMariaDbReader() throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (ids.isEmpty() && System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '"
                    + NAME
                    + "' AND COMMAND = 'Sleep' AND ID <> CONNECTION_ID()")) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        Thread.sleep(ids.isEmpty() ? 10 : 0);
      }
      assertThat(ids).as("the reader's idle connection").hasSize(1);
      s.execute("KILL CONNECTION " + ids.get(0));
    }
    return "connection " + ids;
  }

  private Path config(String source, String table) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        source
            + "state: "
            + dir.resolve("state.db")
            + "\nexports:\n  - name: items\n    table: "
            + table
            + "\n    destination: "
            + dir.resolve("out")
            + "\n    chunk_rows: 10000\n    parallelism: 1\n"
            // Long enough for the test to find the reader idle between its chunks.
            + "    tuning: {pause_between_chunks: 3s}\n");
  }
}
