package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consistency: snapshot} on the real PostgreSQL, with a writer changing the table while the
 * run reads it. The writer's transaction {@code k} sets every row's {@code v} to {@code k}, deletes
 * row {@code k} and inserts row {@code N + k}, so the table after transaction {@code K} is exactly
 * the rows {@code K+1 .. N+K}, each with {@code v = K}: one point in time is a single {@code K} and
 * exactly that id set; a run that read several points in time shows several values of {@code v}.
 * Rivet reads as a role whose row-level security policy sleeps 0.5 ms per row, so each chunk takes
 * long enough for writes to interleave and for a chunk's read to be caught and terminated; the
 * writer owns the table and is not slowed.
 */
@Tag("slow")
class SnapshotConsistencyEndToEndTest {
  private static final String SCHEMA = "snapshot_e2e";
  private static final String TABLE = SCHEMA + ".moving";
  private static final String READER = "snapshot_e2e_reader";
  private static final int N = 4000;

  @TempDir Path dir;

  @BeforeEach
  void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, v bigint NOT NULL)",
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

  @Test
  @Timeout(180)
  void shouldExportExactlyTheRowsOfOnePointInTimeWhileAWriterChangesTheTable() throws Exception {
    assertOnePointInTime("snapshot", "direct");
  }

  @Test
  @Timeout(240)
  void shouldExportOnePointInTimeOnEmbeddedFlinkToo() throws Exception {
    assertOnePointInTime("snapshot_flink", "flink");
  }

  private void assertOnePointInTime(String export, String runner) throws Exception {
    Path config = writeConfig(export, "");

    Written written = runWhileWriting(config, "--runner", runner);

    assertThat(written.result().exitCode()).as(written.result().toString()).isZero();
    List<long[]> rows = exportedRows(export);
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
  @Timeout(180)
  void shouldMixPointsInTimeWithTheDefaultPerChunkConsistency() throws Exception {
    Path config = writeConfig("per_chunk", "");

    Written written = runWhileWriting(config);

    assertThat(written.result().exitCode()).as(written.result().toString()).isZero();
    Set<Long> versions =
        exportedRows("per_chunk").stream().map(r -> r[1]).collect(Collectors.toSet());
    // The control: the same scenario without a shared snapshot reads several points in time, so
    // the test above would catch chunks that did not import the snapshot.
    assertThat(versions).as("chunks read at different times").hasSizeGreaterThan(1);
  }

  @Test
  @Timeout(180)
  void shouldReadATerminatedChunkAgainInTheSameSnapshot() throws Exception {
    Path config = writeConfig("retried", "    retries: {attempts: 5, backoff: 10ms}\n");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong commits = new AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(stop, commits));
    awaitCommits(commits, 3);
    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int terminated = ChunkReadTerminator.terminateReads(run, READER, "moving", 2, "50 ms");
    Cli.Result result = run.get(120, TimeUnit.SECONDS);
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);

    assertThat(terminated).as("chunk reads terminated").isPositive();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<long[]> rows = exportedRows("retried");
    Set<Long> versions = rows.stream().map(r -> r[1]).collect(Collectors.toSet());
    assertThat(versions).hasSize(1);
    assertThat(ids(rows)).isEqualTo(expectedIds(versions.iterator().next()));
  }

  @Test
  @Timeout(180)
  void shouldRefuseToResumeASnapshotRunAndPlanANewOneOnAPlainRun() throws Exception {
    Path config = writeConfig("resumed", "    retries: {attempts: 1}\n");
    CompletableFuture<Cli.Result> failing =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int terminated = ChunkReadTerminator.terminateReads(failing, READER, "moving", 1, "50 ms");
    Cli.Result failed = failing.get(120, TimeUnit.SECONDS);
    assertThat(terminated)
        .as("chunk reads terminated (parallel reads may be hit together)")
        .isPositive();
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);

    Cli.Result resume = Cli.run("run", "-c", config.toString(), "--resume");

    assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err())
        .contains("export 'resumed'")
        .contains("consistency: snapshot")
        .contains("cannot be resumed")
        .contains("rivet run --fresh")
        .doesNotContain("\tat ");

    Cli.Result plain = Cli.run("run", "-c", config.toString());

    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(plain.err()).contains("cannot be resumed; it is abandoned");
    List<long[]> rows = exportedRows("resumed");
    assertThat(ids(rows)).isEqualTo(expectedIds(0));
    assertThat(rows.stream().allMatch(r -> r[1] == 0)).isTrue();
  }

  @Test
  void shouldRefuseSnapshotRunsForWorkersInOtherProcesses() throws Exception {
    Path config = writeConfig("workers", "");
    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    String runId = plannedRunId(plan.out());

    Cli.Result worker = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");

    assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(2);
    assertThat(worker.err())
        .contains("consistency: snapshot")
        .contains("rivet run --plan " + runId)
        .doesNotContain("\tat ");
  }

  @Test
  void shouldStateTheCostOfTheHeldSnapshotInCheck() throws Exception {
    Path config = writeConfig("checked", "");

    Cli.Result check = Cli.run("check", "-c", config.toString());

    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.out())
        .contains("snapshot_held")
        .contains("holds one snapshot open for the whole run")
        .contains("VACUUM cannot remove rows");
  }

  @Test
  @Timeout(180)
  void shouldFailClearlyWhenTheCoordinatingTransactionIsLost() throws Exception {
    Path config = writeConfig("lost", "");
    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    boolean terminated = false;
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      while (!terminated && !run.isDone()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                    + READER
                    + "' AND state = 'idle in transaction'"
                    + " AND query = 'SELECT pg_export_snapshot()'")) {
          terminated = rs.next() && rs.getBoolean(1);
        }
        // Polls the server's activity for the coordinator; the run is awaited by its future.
        Thread.sleep(10);
      }
    }
    Cli.Result result = run.get(120, TimeUnit.SECONDS);

    assertThat(terminated).as("coordinator terminated while the run read").isTrue();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .contains("cannot import the run's snapshot")
        .contains("the transaction that held it ended")
        .contains("export 'lost' chunk")
        .doesNotContain("\tat ");
    assertThat(ExportedRows.runDirs(dir.resolve("out"), "lost"))
        .allSatisfy(run1 -> assertThat(run1.resolve("_SUCCESS")).doesNotExist());
  }

  @Test
  @Timeout(180)
  void shouldStreamOneSnapshotToStandardOutput() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("streamed.yaml"),
            Files.readString(writeConfig("streamed", ""))
                .replace("destination: out", "destination: '-'"));

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path stream = Files.writeString(dir.resolve("stream.csv"), result.out());
    List<String> rows = ExportedRows.csvFile(stream, List.of("id", "v"));
    try (Connection c = TestDatabase.connect()) {
      assertThat(rows.stream().sorted().toList())
          .hasSize(N)
          .isEqualTo(ExportedRows.query(c, "SELECT id, v FROM " + TABLE));
    }
  }

  private static String plannedRunId(String out) {
    Matcher m = Pattern.compile("run (\\S+) +\\(plan stored\\)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("no stored plan in " + out);
    }
    return m.group(1);
  }

  private record Written(Cli.Result result, long commits) {}

  /** Runs the export while the writer commits; the run starts after the writer's third commit. */
  private Written runWhileWriting(Path config, String... options) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong commits = new AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(stop, commits));
    try {
      awaitCommits(commits, 3);
      List<String> args = new ArrayList<>(List.of("run", "-c", config.toString()));
      args.addAll(List.of(options));
      Cli.Result result = Cli.run(args.toArray(String[]::new));
      return new Written(result, commits.get());
    } finally {
      stop.set(true);
      writer.get(30, TimeUnit.SECONDS);
    }
  }

  /** Commits transaction k = 1, 2, ... until stopped: every v = k, row k deleted, row N+k added. */
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

  private static void awaitCommits(AtomicLong commits, long atLeast) throws InterruptedException {
    while (commits.get() < atLeast) {
      // Waits for the writer's progress, which the assertions depend on; not a timing assertion.
      Thread.sleep(10);
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
            + "\n    format: csv\n    destination: out\n    chunk_rows: 400\n    parallelism: 2\n"
            + (name.equals("per_chunk") ? "" : "    consistency: snapshot\n")
            + "    tuning:\n      pause_between_chunks: 150ms\n"
            + extra;
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  /** Each exported row as {id, v}; the newest run of {@code export}. */
  private List<long[]> exportedRows(String export) throws Exception {
    // The published run: a failed run started in the same second may sort after it by its id.
    List<Path> runs =
        ExportedRows.runDirs(dir.resolve("out"), export).stream()
            .filter(run -> Files.exists(run.resolve("_SUCCESS")))
            .toList();
    assertThat(runs).as("published runs of " + export).isNotEmpty();
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

  /** The ids in the table right after writer transaction {@code k}: k+1 .. N+k. */
  private static Set<Long> expectedIds(long k) {
    Set<Long> ids = new TreeSet<>();
    for (long id = k + 1; id <= N + k; id++) {
      ids.add(id);
    }
    return ids;
  }
}
