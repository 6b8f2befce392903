package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyless PostgreSQL table read in block ranges while a writer changes it, as {@link
 * SnapshotConsistencyEndToEndTest} proves it for a keyed one. Every writer transaction {@code k}
 * updates every row ({@code v = k}: each row gets a new version, in its block or another), deletes
 * row {@code k} and inserts row {@code N + k}; one point in time is a single {@code v = K} with
 * exactly the ids {@code K+1 .. N+K}, each once. Rivet reads as a role whose row-level security
 * policy sleeps per row, so writes interleave with the chunk reads.
 */
@Tag("slow")
class BlockRangeSnapshotEndToEndTest {
  private static final String SCHEMA = "ctid_snapshot_e2e";
  private static final String TABLE = SCHEMA + ".moving";
  private static final String READER = "ctid_snapshot_e2e_reader";
  private static final int N = 4000;

  @TempDir Path dir;

  @BeforeEach
  void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint NOT NULL, v bigint NOT NULL)",
        "INSERT INTO " + TABLE + " SELECT g, 0 FROM generate_series(1, " + N + ") g",
        "ANALYZE " + TABLE,
        "CREATE OR REPLACE FUNCTION "
            + SCHEMA
            + ".slow_row() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(0.0005) IS NOT NULL'",
        "ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY slow_read ON " + TABLE + " FOR SELECT USING (" + SCHEMA + ".slow_row())",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + READER
            + "') THEN CREATE ROLE "
            + READER
            + " LOGIN; END IF; END $$",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + READER,
        "GRANT SELECT ON " + TABLE + " TO " + READER);
  }

  @AfterEach
  void dropSchema() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "DROP ROLE IF EXISTS " + READER);
  }

  @Test
  @Timeout(240)
  void shouldExportExactlyOnePointInTimeOfAKeylessTableWhileAWriterMovesItsRows() throws Exception {
    Path config = writeConfig("snapshot", "    consistency: snapshot\n");

    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    Written written = runWhileWriting(config);

    assertThat(plan.out()).contains("block ranges (ctid)").doesNotContain("exported twice");
    assertThat(written.result().exitCode()).as(written.result().toString()).isZero();
    List<long[]> rows = exportedRows("snapshot");
    Set<Long> versions = rows.stream().map(r -> r[1]).collect(Collectors.toSet());
    assertThat(versions).as("one writer transaction's state, not several").hasSize(1);
    long k = versions.iterator().next();
    assertThat(k).as("the snapshot was taken after the writer started").isPositive();
    assertThat(written.commits())
        .as("the writer went on committing after the snapshot, while chunks were read")
        .isGreaterThan(k + 3);
    assertThat(ids(rows)).isEqualTo(expectedIds(k));
    assertThat(rows).hasSize(N);
  }

  @Test
  @Timeout(240)
  void shouldMixPointsInTimeWithPerChunkSnapshots() throws Exception {
    Path config = writeConfig("per_chunk", "");

    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    Written written = runWhileWriting(config);

    // The control, and what docs/semantics.md warns of: without a shared snapshot each block range
    // is read at its own moment, so the rows of several writer transactions are mixed.
    assertThat(written.result().exitCode()).as(written.result().toString()).isZero();
    assertThat(plan.out()).contains("exported twice or not at all");
    // Mixing needs live rows in more than one block range when the ranges are read. A run that
    // finds every live row past the last planned boundary (the writer's updates moved them there
    // while a reader's snapshot kept the old versions from being pruned) cannot show it.
    Assumptions.assumeTrue(
        chunkFilesWithRows("per_chunk") > 1,
        "every live row was in one block range when it was read: nothing to mix");
    Set<Long> versions =
        exportedRows("per_chunk").stream().map(r -> r[1]).collect(Collectors.toSet());
    assertThat(versions).as("chunks read at different times").hasSizeGreaterThan(1);
  }

  private record Written(Cli.Result result, long commits) {}

  /** The data files of the export's published run that hold at least one row. */
  private long chunkFilesWithRows(String export) throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), export);
    try (Stream<Path> files = Files.list(runs.get(runs.size() - 1))) {
      List<Path> data =
          files.filter(f -> f.getFileName().toString().matches("part-.*\\.csv")).toList();
      assertThat(data).as("the run's CSV files").isNotEmpty();
      long withRows = 0;
      for (Path file : data) {
        if (!ExportedRows.csvFile(file, List.of("id", "v")).isEmpty()) {
          withRows++;
        }
      }
      return withRows;
    }
  }

  private Written runWhileWriting(Path config) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong commits = new AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(stop, commits));
    try {
      while (commits.get() < 3) {
        // Waits for the writer's progress, which the assertions depend on; not a timing assertion.
        Thread.sleep(10);
      }
      Cli.Result result = Cli.run("run", "-c", config.toString());
      return new Written(result, commits.get());
    } finally {
      stop.set(true);
      writer.get(30, TimeUnit.SECONDS);
    }
  }

  private static void write(AtomicBoolean stop, AtomicLong commits) {
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      long k = 0;
      while (!stop.get()) {
        k++;
        s.executeUpdate("UPDATE " + TABLE + " SET v = " + k);
        s.executeUpdate("DELETE FROM " + TABLE + " WHERE id = " + k);
        s.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + (N + k) + ", " + k + ")");
        c.commit();
        commits.set(k);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Path writeConfig(String name, String extra) throws Exception {
    String yaml =
        "source:\n  url: "
            + TestDatabase.URL
            + "\n  user: "
            + READER
            + "\nstate: state.db\nexports:\n  - name: "
            + name
            + "\n    table: "
            + TABLE
            + "\n    format: csv\n    destination: out\n    chunk_rows: 1000\n    parallelism: 2\n"
            + "    tuning:\n      pause_between_chunks: 20ms\n"
            + extra;
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  private List<long[]> exportedRows(String export) throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), export);
    Path runDir = runs.get(runs.size() - 1);
    List<long[]> rows = new ArrayList<>();
    for (String row : ExportedRows.csv(runDir, List.of("id", "v"))) {
      String[] parts = row.split("\\|");
      rows.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
    }
    return rows;
  }

  private static Set<Long> ids(List<long[]> rows) {
    Set<Long> ids = new TreeSet<>();
    for (long[] row : rows) {
      assertThat(ids.add(row[0])).as("id %d read once", row[0]).isTrue();
    }
    return ids;
  }

  private static Set<Long> expectedIds(long k) {
    Set<Long> ids = new TreeSet<>();
    for (long id = k + 1; id <= N + k; id++) {
      ids.add(id);
    }
    return ids;
  }
}
