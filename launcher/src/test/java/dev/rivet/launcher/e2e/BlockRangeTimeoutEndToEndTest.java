package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block-range chunk whose statement runs past the source's {@code statement_timeout} is read
 * again as smaller block ranges, on the real PostgreSQL: the reader role's row-level security
 * policy sleeps 1 ms per row and its statements are cancelled after 300 ms, so no chunk of about
 * 800 rows (about 45 blocks) can be read whole, and one block (about 17 rows) always can.
 */
@Tag("slow")
class BlockRangeTimeoutEndToEndTest {
  private static final String SCHEMA = "ctid_shrink_e2e";
  private static final String TABLE = SCHEMA + ".slow_heap";
  private static final String READER = "ctid_shrink_e2e_reader";
  private static final List<String> COLUMNS = List.of("id", "pad");

  @TempDir Path dir;

  @BeforeEach
  void createSlowTableAndReader() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint, pad text) WITH (autovacuum_enabled = false)",
        "INSERT INTO " + TABLE + " SELECT g, g || repeat('p', 400) FROM generate_series(1, 1600) g",
        "ANALYZE " + TABLE,
        "CREATE OR REPLACE FUNCTION "
            + SCHEMA
            + ".slow_row() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(0.001) IS NOT NULL'",
        "ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY slow_read ON " + TABLE + " FOR SELECT USING (" + SCHEMA + ".slow_row())",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + READER
            + "') THEN CREATE ROLE "
            + READER
            + " LOGIN; END IF; END $$",
        "ALTER ROLE " + READER + " SET statement_timeout = '300ms'",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + READER,
        "GRANT SELECT ON " + TABLE + " TO " + READER);
  }

  @AfterEach
  void dropSchemaAndReader() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "DROP ROLE IF EXISTS " + READER);
  }

  @Test
  @Timeout(300)
  void shouldReadTimedOutBlockRangesAsSmallerBlockRangesAndPublishExactlyTheSourceRows()
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            "source:\n  url: "
                + TestDatabase.URL
                + "\n  user: "
                + READER
                + "\nstate: state.db\nexports:\n  - name: heap\n    table: "
                + TABLE
                + "\n    chunk_rows: 800\n    format: csv\n    destination: out\n"
                + "    parallelism: 2\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "heap");
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runs.get(0), COLUMNS))
          .hasSize(1600)
          .isEqualTo(ExportedRows.query(c, "SELECT id, pad FROM " + TABLE));
    }
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      String runId = store.runs(null, 1).get(0).runId();
      List<ChunkRecord> chunks = store.chunks(runId);
      assertThat(chunks).hasSizeGreaterThan(1);
      assertThat(chunks).allSatisfy(c -> assertThat(c.attempts()).isGreaterThan(1));
      assertThat(store.chunkErrors(runId))
          .extracting(ChunkError::errorClass)
          .isNotEmpty()
          .containsOnly("SOURCE_TIMEOUT");
    }
  }
}
