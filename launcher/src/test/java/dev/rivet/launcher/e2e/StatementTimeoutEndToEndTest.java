package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.state.ChunkError;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk whose statement runs past the source's {@code statement_timeout} is read again as several
 * shorter statements, on the real PostgreSQL. Reading a row of the table here costs at least 1 ms
 * (1 to 5 ms measured) for the dedicated reader role, whose row-level security policy sleeps 1 ms
 * per row, and the role's statements are cancelled after 300 ms: neither a chunk of 800 rows nor
 * its halves can be read in one statement, its 64ths (12 rows) always can. The source checksums are
 * read as the test's own user, which the policy does not slow down.
 */
class StatementTimeoutEndToEndTest {
  private static final String SCHEMA = "rivet_shrink_e2e";
  private static final String READER = "rivet_shrink_reader";
  private static final int ROWS = 1600;

  /** Canonical text of each column, as SQL; {@link OutputFiles} produces the same from files. */
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("qty", "qty::text");
    CANONICAL.put("price", "price::text");
    CANONICAL.put("name", "name");
    CANONICAL.put("created", "(extract(epoch from created) * 1000000)::bigint::text");
    CANONICAL.put("day", "(day - date '1970-01-01')::text");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createSlowTableAndReader() throws Exception {
    String t = SCHEMA + ".slow_items";
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + t,
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(12,2), name text,"
            + " created timestamptz, day date NOT NULL)",
        "INSERT INTO "
            + t
            + " SELECT g, (g * 7) % 1000, ((g * 13) % 100000) / 100.0,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'name-' || g || ' \u2713' END,"
            + " timestamptz '1990-01-01 00:00:00+00' + g * interval '1017 seconds 123 microseconds',"
            + " date '2024-05-01'"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE INDEX ON " + t + " (day)",
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
        "ALTER ROLE " + READER + " SET statement_timeout = '300ms'",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + READER,
        "GRANT SELECT ON " + t + " TO " + READER);
  }

  @Test
  @Timeout(300)
  void shouldReadTimedOutChunksAsShorterStatementsAndPublishExactlyTheSourceRows()
      throws Exception {
    // Two chunks, [-inf, 801) and [801, +inf): both open on one side.
    Path config = writeConfig("    table: " + SCHEMA + ".slow_items\n    chunk_rows: 800\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertParquetMatchesSource();
    try (StateStore store = openState()) {
      String runId = store.runs(null, 1).get(0).runId();
      List<ChunkRecord> chunks = store.chunks(runId);
      List<ChunkError> errors = store.chunkErrors(runId);
      assertThat(chunks).hasSize(2);
      assertThat(chunks)
          .allSatisfy(
              chunk -> {
                assertThat(chunk.status()).isEqualTo(ChunkStatus.PUBLISHED);
                // The whole chunk and its halves timed out; at most 6 shrinks, down to 1/64 of it.
                assertThat(chunk.attempts()).as("attempts of %s", chunk).isBetween(3, 7);
                assertThat(errors)
                    .filteredOn(e -> e.chunkIndex() == chunk.chunkIndex())
                    .as("each failed attempt of chunk %d", chunk.chunkIndex())
                    .hasSize(chunk.attempts() - 1)
                    .allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TIMEOUT"));
              });
    }
  }

  @Test
  @Timeout(120)
  void shouldFailWithAHintWhenATimedOutExportIsReadAsOneStatement() throws Exception {
    Path config = writeConfig("    query: SELECT * FROM " + SCHEMA + ".slow_items\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .contains("cannot be read in smaller statements")
        .contains("the export is read as one statement")
        .contains("statement_timeout")
        .contains("chunk_rows")
        .doesNotContain("\tat ");
    assertNothingPublished();
    ChunkRecord chunk = chunks().get(0);
    assertThat(chunk.status()).isEqualTo(ChunkStatus.FAILED);
    assertThat(chunk.attempts()).as("a statement that cannot shrink is not read again").isOne();
    assertThat(chunk.errorClass()).isEqualTo("SOURCE_PERMANENT");
  }

  @Test
  @Timeout(120)
  void shouldFailWithAHintWhenATimedOutChunkHoldsASingleKeyValue() throws Exception {
    // Every row has the same day: the one day chunk cannot be split on the day axis.
    Path config =
        writeConfig(
            "    table: "
                + SCHEMA
                + ".slow_items\n    mode: chunked\n    chunk: {column: day, by: day}\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .contains("cannot be read in smaller statements: it holds at most one key value")
        .contains("statement_timeout");
    assertNothingPublished();
    ChunkRecord failed =
        chunks().stream().filter(c -> c.status() == ChunkStatus.FAILED).findFirst().orElseThrow();
    assertThat(failed.attempts()).as("the whole chunk, then the attempt to split it").isEqualTo(2);
    assertThat(failed.errorClass()).isEqualTo("SOURCE_PERMANENT");
    try (StateStore store = openState()) {
      assertThat(store.chunkErrors(store.runs(null, 1).get(0).runId()))
          .filteredOn(e -> e.chunkIndex() == failed.chunkIndex())
          .extracting(ChunkError::attempt, ChunkError::errorClass)
          .containsExactly(tuple(1, "SOURCE_TIMEOUT"), tuple(2, "SOURCE_PERMANENT"));
    }
  }

  private Path writeConfig(String exportKeys) throws Exception {
    String yaml =
        "source:\n  url: "
            + TestDatabase.URL
            + "\n  user: "
            + READER
            + "\nstate: state.db\nexports:\n  - name: items\n"
            + exportKeys
            + "    destination: out\n    parallelism: 2\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }

  private StateStore openState() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  private List<ChunkRecord> chunks() {
    try (StateStore store = openState()) {
      return store.chunks(store.runs(null, 1).get(0).runId());
    }
  }

  private void assertNothingPublished() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.equals("_SUCCESS") || name.startsWith("part-"));
    }
  }

  private void assertParquetMatchesSource() throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(SCHEMA + ".slow_items", CANONICAL))) {
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
