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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retries.attempts} on the real PostgreSQL: the chunk's backend is terminated mid-read, and
 * the chunk is read again exactly as often as the export allows. Each read of the table takes over
 * a second for the dedicated reader role (its row-level security policy sleeps 1 ms per row), so
 * every attempt can be caught while it reads.
 */
class RetrySettingsEndToEndTest {
  private static final String SCHEMA = "rivet_retry_e2e";
  private static final String READER = "rivet_retry_reader";
  private static final int ROWS = 1200;

  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("name", "name");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createSlowTableAndReader() throws Exception {
    String t = SCHEMA + ".slow_rows";
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + t,
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, name text)",
        "INSERT INTO "
            + t
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'row ' || g END"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + t,
        "CREATE OR REPLACE FUNCTION "
            + SCHEMA
            + ".slow_row() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(0.001) IS NOT NULL'",
        "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY slow_read ON " + t + " FOR SELECT USING (" + SCHEMA + ".slow_row())",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + READER
            + "') THEN CREATE ROLE "
            + READER
            + " LOGIN; END IF; END $$",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + READER,
        "GRANT SELECT ON " + t + " TO " + READER);
  }

  @Test
  @Timeout(120)
  void shouldNotReadATerminatedChunkAgainWithOneAttempt() throws Exception {
    Path config = writeConfig("    retries: {attempts: 1}\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int terminated = terminateReads(run, Integer.MAX_VALUE);
    Cli.Result result = run.get(60, TimeUnit.SECONDS);

    assertThat(terminated).as("reads terminated").isOne();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err()).contains("chunk 0").doesNotContain("\tat ");
    assertNothingPublished();
    ChunkRecord chunk = onlyChunk();
    assertThat(chunk.attempts()).isOne();
    assertThat(chunk.status()).isEqualTo(ChunkStatus.FAILED);
    assertThat(chunk.errorClass()).isEqualTo("SOURCE_TRANSIENT");
  }

  @Test
  @Timeout(180)
  void shouldReadAChunkTerminatedFourTimesAFifthTimeWithFiveAttempts() throws Exception {
    Path config = writeConfig("    retries: {attempts: 5, backoff: 10ms, max_backoff: 50ms}\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int terminated = terminateReads(run, 4);
    Cli.Result result = run.get(120, TimeUnit.SECONDS);

    assertThat(terminated).as("reads terminated").isEqualTo(4);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertParquetMatchesSource();
    ChunkRecord chunk = onlyChunk();
    assertThat(chunk.attempts()).isEqualTo(5);
    assertThat(chunk.status()).isEqualTo(ChunkStatus.PUBLISHED);
  }

  @Test
  @Timeout(180)
  void shouldGiveUpAfterTheFifthAttemptWithFiveAttempts() throws Exception {
    Path config = writeConfig("    retries: {attempts: 5, backoff: 10ms, max_backoff: 50ms}\n");

    CompletableFuture<Cli.Result> run =
        CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
    int terminated = terminateReads(run, Integer.MAX_VALUE);
    Cli.Result result = run.get(120, TimeUnit.SECONDS);

    assertThat(terminated).as("every attempt was terminated").isEqualTo(5);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertNothingPublished();
    ChunkRecord chunk = onlyChunk();
    assertThat(chunk.attempts()).isEqualTo(5);
    assertThat(chunk.status()).isEqualTo(ChunkStatus.FAILED);
  }

  private static int terminateReads(CompletableFuture<Cli.Result> run, int limit) throws Exception {
    return ChunkReadTerminator.terminateReads(run, READER, "slow_rows", limit);
  }

  private Path writeConfig(String exportKeys) throws Exception {
    String yaml =
        "source:\n  url: "
            + TestDatabase.URL
            + "\n  user: "
            + READER
            + "\nstate: state.db\nexports:\n  - name: rows\n    table: "
            + SCHEMA
            + ".slow_rows\n    chunk_rows: 10000000\n"
            + exportKeys
            + "    destination: out\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }

  private ChunkRecord onlyChunk() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      List<ChunkRecord> chunks = store.chunks(store.runs(null, 1).get(0).runId());
      assertThat(chunks).hasSize(1);
      return chunks.get(0);
    }
  }

  private void assertNothingPublished() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.equals("_SUCCESS") || name.startsWith("part-"));
    }
  }

  private void assertParquetMatchesSource() throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "rows");
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(SCHEMA + ".slow_rows", CANONICAL))) {
      rs.next();
      assertThat(fromFiles.rows()).isEqualTo(rs.getLong(1)).isEqualTo(ROWS);
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        expected.put(column, rs.getString(i++));
      }
    }
    assertThat(fromFiles.sums()).isEqualTo(expected);
  }
}
