package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract for the three paths that execute chunks — the Beam pipeline ({@code rivet run}), a
 * worker ({@code --worker}) and a stream to standard output — driven through each failure class on
 * the real PostgreSQL: a transient failure is retried, a permanent one never is, a statement
 * timeout is read again in smaller statements, a destination failure ends the run; the exit code,
 * the chunks' attempts and status in state, and the output agree across paths.
 *
 * <p>The plan is stored first, then the failure is arranged, then the stored plan runs. The reader
 * role reads through a row-level security policy that sleeps 10 ms per row (so each chunk read
 * takes over 600 ms and can be caught while it runs) and raises {@code insufficient_privilege} when
 * the test's switch says so. A fetch size above the chunk size keeps every row of a statement from
 * the writer until the statement has read them all, so a stream has sent none of a chunk's rows
 * when its statement fails.
 */
@Timeout(120)
class ChunkFailureContractEndToEndTest {
  private static final String SCHEMA = "rivet_exec_e2e";
  private static final String TABLE = SCHEMA + ".items";
  private static final String READER = "rivet_exec_reader";
  private static final int ROWS = 120;
  private static final List<String> COLUMNS = List.of("id", "name");

  @TempDir Path dir;

  /** The three chunk executors, as a user starts each on a stored plan. */
  enum Executor {
    PIPELINE("out"),
    WORKER("out"),
    STDOUT("\"-\"");

    final String destination;

    Executor(String destination) {
      this.destination = destination;
    }

    Cli.Result run(Path config, String runId) {
      return this == WORKER
          ? Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker")
          : Cli.run("run", "-c", config.toString(), "--plan", runId);
    }
  }

  @BeforeAll
  static void createSlowTableAndReader() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "DROP TABLE IF EXISTS " + SCHEMA + ".switch",
        "CREATE TABLE " + SCHEMA + ".switch (failing boolean NOT NULL)",
        "INSERT INTO " + SCHEMA + ".switch VALUES (false)",
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, name text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'item ' || g END"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE,
        "CREATE OR REPLACE FUNCTION "
            + SCHEMA
            + ".read_row() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN"
            + " IF (SELECT failing FROM "
            + SCHEMA
            + ".switch) AND current_setting('transaction_read_only') = 'on'"
            + " THEN RAISE EXCEPTION 'reading items is not allowed'"
            + " USING ERRCODE = 'insufficient_privilege'; END IF;"
            + " PERFORM pg_sleep(0.01); RETURN true; END $$",
        "ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY slow_read ON " + TABLE + " FOR SELECT USING (" + SCHEMA + ".read_row())",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + READER
            + "') THEN CREATE ROLE "
            + READER
            + " LOGIN; END IF; END $$",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + READER,
        "GRANT SELECT ON " + TABLE + ", " + SCHEMA + ".switch TO " + READER);
  }

  @AfterEach
  void clearFailures() throws Exception {
    TestDatabase.execute(
        "UPDATE " + SCHEMA + ".switch SET failing = false",
        "ALTER ROLE " + READER + " RESET statement_timeout");
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void shouldReadAChunkAgainAfterATransientFailureAndPublishTheSourceRows(Executor executor)
      throws Exception {
    Path config = config(executor);
    String runId = plan(config);

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> executor.run(config, runId));
    int terminated = terminateReads(run, 1);
    Cli.Result result = run.get(90, TimeUnit.SECONDS);

    assertThat(terminated).as("reads terminated").isOne();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(output(executor, result, runId)).isEqualTo(sourceRows());
    assertThat(run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
    List<ChunkRecord> chunks = chunks(runId);
    assertThat(chunks).allSatisfy(c -> assertThat(c.status()).isEqualTo(ChunkStatus.PUBLISHED));
    assertThat(chunks.stream().mapToInt(ChunkRecord::attempts).sum())
        .as("one more attempt than chunks: the terminated one was read again")
        .isEqualTo(chunks.size() + 1);
    assertThat(errors(runId))
        .singleElement()
        .satisfies(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TRANSIENT"));
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void shouldNeverRetryAPermanentFailureAndExitWithItsKind(Executor executor) throws Exception {
    Path config = config(executor);
    String runId = plan(config);
    TestDatabase.execute("UPDATE " + SCHEMA + ".switch SET failing = true");

    Cli.Result result = executor.run(config, runId);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).contains("reading items is not allowed").contains("GRANT SELECT");
    assertFailedForGood(executor, runId, "SOURCE_PERMANENT");
    if (executor == Executor.WORKER) {
      Cli.Result late = executor.run(config, runId);
      assertThat(late.exitCode()).as("a worker joining the failed run: " + late).isEqualTo(3);
      assertThat(chunks(runId).get(0).attempts())
          .as("the failed chunk is not claimed again")
          .isOne();
    }
  }

  @ParameterizedTest
  @EnumSource(Executor.class)
  void shouldReadATimedOutChunkAgainInSmallerStatementsAndPublishTheSourceRows(Executor executor)
      throws Exception {
    Path config = config(executor);
    String runId = plan(config);
    // A chunk (60 rows, over 600 ms) always runs past the limit; its halves (about 330 ms) do not.
    TestDatabase.execute("ALTER ROLE " + READER + " SET statement_timeout = '450ms'");

    Cli.Result result = executor.run(config, runId);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(output(executor, result, runId)).isEqualTo(sourceRows());
    assertThat(chunks(runId))
        .allSatisfy(
            c -> {
              assertThat(c.status()).isEqualTo(ChunkStatus.PUBLISHED);
              assertThat(c.attempts()).as("attempts of %s", c).isGreaterThanOrEqualTo(2);
            });
    assertThat(errors(runId))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TIMEOUT"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Executor.class,
      names = {"PIPELINE", "WORKER"})
  void shouldEndTheRunWithoutRetryWhenTheDestinationCannotBeWritten(Executor executor)
      throws Exception {
    Path config = config(executor);
    String runId = plan(config);
    // The run's folder is a file: the destination passes its check, every chunk file fails.
    Path runFolder = dir.resolve("out").resolve("items").resolve(runId);
    Files.createDirectories(runFolder.getParent());
    Files.writeString(runFolder, "in the way");

    Cli.Result result = executor.run(config, runId);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
    assertThat(result.err()).contains("cannot write");
    assertFailedForGood(executor, runId, "DESTINATION");
  }

  private void assertFailedForGood(Executor executor, String runId, String kind) throws Exception {
    RunRecord run = run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorClass()).isEqualTo(kind);
    List<ChunkRecord> attempted = chunks(runId).stream().filter(c -> c.attempts() > 0).toList();
    assertThat(attempted)
        .as("chunks the executor ran")
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.status()).isEqualTo(ChunkStatus.FAILED);
              assertThat(c.errorClass()).isEqualTo(kind);
              assertThat(c.attempts()).as("a %s failure is not retried", kind).isOne();
            });
    if (executor != Executor.STDOUT) {
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.equals("_SUCCESS") || name.startsWith("part-"));
      }
    }
  }

  private static int terminateReads(CompletableFuture<Cli.Result> run, int limit) throws Exception {
    return ChunkReadTerminator.terminateReads(run, READER, "items", limit);
  }

  private Path config(Executor executor) throws Exception {
    String yaml =
        "source:\n  url: "
            + TestDatabase.URL
            + "\n  user: "
            + READER
            + "\nstate: state.db\nexports:\n  - name: items\n    table: "
            + TABLE
            + "\n    chunk_rows: 60\n    fetch_size: 1000\n    parallelism: 1\n"
            + "    format: csv\n    compression: none\n"
            + "    retries: {attempts: 3, backoff: 10ms, max_backoff: 50ms}\n"
            + "    destination: "
            + executor.destination
            + "\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }

  private String plan(Path config) {
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    try (StateStore store = openState()) {
      RunRecord run = store.runs(null, 1).get(0);
      assertThat(run.chunkCount()).as("chunks planned").isEqualTo(2);
      return run.runId();
    }
  }

  private List<String> output(Executor executor, Cli.Result result, String runId) throws Exception {
    if (executor == Executor.STDOUT) {
      Path stream =
          Files.writeString(dir.resolve("stream.csv"), result.out(), StandardCharsets.UTF_8);
      List<String> rows = new ArrayList<>(ExportedRows.csvFile(stream, COLUMNS));
      rows.sort(null);
      return rows;
    }
    Path runDir = dir.resolve("out").resolve("items").resolve(runId);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    return ExportedRows.csv(runDir, COLUMNS);
  }

  private static List<String> sourceRows() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, name FROM " + TABLE);
    }
  }

  private StateStore openState() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  private RunRecord run(String runId) {
    try (StateStore store = openState()) {
      return store.run(runId).orElseThrow();
    }
  }

  private List<ChunkRecord> chunks(String runId) {
    try (StateStore store = openState()) {
      return store.chunks(runId);
    }
  }

  private List<ChunkError> errors(String runId) {
    try (StateStore store = openState()) {
      return store.chunkErrors(runId);
    }
  }
}
