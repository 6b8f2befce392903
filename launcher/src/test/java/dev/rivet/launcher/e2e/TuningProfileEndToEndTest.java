package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The safe profile reads one chunk at a time and pauses between chunks; the output is exact. */
@Timeout(120)
class TuningProfileEndToEndTest {
  private static final String TABLE = "rivet_profile_e2e";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 3000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadOneChunkAtATimeWithThePauseBetweenThem() throws Exception {
    Path config =
        new CsvExports(dir, TestDatabase.sourceYaml())
            .config(
                "p",
                "table: " + TABLE,
                "chunk_rows: 1000",
                "tuning: {profile: safe, pause_between_chunks: 400ms}");

    Path runDir = new CsvExports(dir, TestDatabase.sourceYaml()).runDir(config, "p");

    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDir, CsvExports.ID_NOTE))
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
    }
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      List<ChunkRecord> chunks =
          store.chunks(store.runs("p", 1).get(0).runId()).stream()
              .sorted(Comparator.comparing(ChunkRecord::startedAt))
              .toList();
      assertThat(chunks).hasSize(3);
      for (int i = 1; i < chunks.size(); i++) {
        assertThat(Duration.between(chunks.get(i - 1).finishedAt(), chunks.get(i).startedAt()))
            .as("the pause before the %d. chunk read", i + 1)
            .isGreaterThanOrEqualTo(Duration.ofMillis(400));
      }
    }
  }
}
