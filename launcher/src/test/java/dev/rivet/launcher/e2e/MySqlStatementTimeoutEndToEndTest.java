package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk that runs past MariaDB's {@code max_statement_time} is read again as several shorter
 * statements. The export reads a view whose every row sleeps 1 ms (1600 rows, chunked on id: one
 * chunk, as a view has no row estimate), as a dedicated user whose statements MariaDB stops after
 * 0.3 s: the chunk and its halves always run past the limit, its 64ths (25 rows) never do. MySQL
 * has no per-user statement limit: MariaDB only.
 */
class MySqlStatementTimeoutEndToEndTest {
  private static final String DATABASE = "rivet_shrink_my";
  private static final String READER = "rivet_shrink_my";
  private static final int ROWS = 1600;

  /** Canonical text of each column in MariaDB SQL, over the table under the view. */
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "CAST(id AS CHAR)");
    CANONICAL.put("name", "name");
    CANONICAL.put("pause", "'0'");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createSlowViewAndReader() throws Exception {
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      assumeTrue(rs.getString(1).contains("MariaDB"), "max_statement_time per user is MariaDB's");
    }
    TestMariaDb.execute(
        "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4",
        "DROP TABLE IF EXISTS " + DATABASE + ".items",
        "CREATE TABLE " + DATABASE + ".items (id bigint PRIMARY KEY, name varchar(50))",
        "INSERT INTO "
            + DATABASE
            + ".items SELECT seq, IF(seq % 9 = 0, NULL, CONCAT('item ', seq, ' \u2713'))"
            + " FROM seq_1_to_"
            + ROWS,
        "CREATE OR REPLACE VIEW "
            + DATABASE
            + ".slow_items AS SELECT id, name, SLEEP(0.001) AS pause FROM "
            + DATABASE
            + ".items",
        "CREATE USER IF NOT EXISTS '" + READER + "'@'%'",
        "ALTER USER '" + READER + "'@'%' WITH MAX_STATEMENT_TIME 0.3",
        "GRANT SELECT ON " + DATABASE + ".* TO '" + READER + "'@'%'");
  }

  @Test
  @Timeout(300)
  void shouldReadTimedOutChunksAsShorterStatementsAndPublishExactlyTheSourceRows()
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            "source:\n  url: "
                + TestMariaDb.URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + DATABASE + "$1")
                + "\n  user: "
                + READER
                + "\nstate: state.db\nexports:\n  - name: items\n    table: "
                + DATABASE
                + ".slow_items\n    mode: chunked\n    chunk: {column: id}\n"
                + "    destination: out\n    parallelism: 2\n");

    // Preflight foresees the timeouts and refuses the run; forced, the chunks shrink instead.
    Cli.Result refused = Cli.run("run", "-c", config.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(9);
    Cli.Result result = Cli.run("run", "-c", config.toString(), "--force");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertParquetMatchesSource();
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      String runId = store.runs(null, 1).get(0).runId();
      List<ChunkRecord> chunks = store.chunks(runId);
      List<ChunkError> errors = store.chunkErrors(runId);
      List<ChunkRecord> keyed = chunks.stream().filter(c -> c.lowerInclusive() != null).toList();
      assertThat(keyed)
          .singleElement()
          .satisfies(
              chunk -> {
                assertThat(chunk.status()).isEqualTo(ChunkStatus.PUBLISHED);
                // The whole chunk and its halves timed out; at most 6 shrinks, to 1/64 of it.
                assertThat(chunk.attempts()).as("attempts of %s", chunk).isBetween(3, 7);
                assertThat(errors)
                    .filteredOn(e -> e.chunkIndex() == chunk.chunkIndex())
                    .hasSize(chunk.attempts() - 1)
                    .allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TIMEOUT"));
              });
    }
  }

  private void assertParquetMatchesSource() throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(ColumnChecksums.mariaDbSqlFor(DATABASE + ".items", CANONICAL))) {
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
