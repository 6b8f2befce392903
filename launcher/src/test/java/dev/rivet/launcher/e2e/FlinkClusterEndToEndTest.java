package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submits an export to a real Flink session cluster (a JobManager and a TaskManager, each its own
 * JVM on localhost) with {@code --runner flink --flink-master}, and checks that it writes exactly
 * the rows of the source and of a DirectRunner run of the same table.
 */
@Tag("slow")
class FlinkClusterEndToEndTest {
  private static final String TABLE = "flink_cluster_e2e.items";
  private static final int ROWS = 3_000;

  @TempDir static Path clusterHome;
  private static FlinkSessionCluster cluster;

  @TempDir Path dir;

  @BeforeAll
  static void startClusterAndCreateTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS flink_cluster_e2e",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'note \u2713 ' || g || repeat(',\"', g % 5)"
            + " END FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE);
    cluster = FlinkSessionCluster.start(clusterHome, Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(240)
  void shouldWriteTheSameRowsOnAFlinkClusterAsOnTheDirectRunner() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    String[] settings = {"table: " + TABLE, "chunk_rows: 1000", "parallelism: 2"};
    List<String> direct = exports.run(exports.config("on_direct", settings), "on_direct");
    exports.config("on_flink", settings);

    Cli.Result flink =
        JavaProcess.rivet(
            dir,
            "768m",
            "run",
            "-c",
            "on_flink.yaml",
            "--runner",
            "flink",
            "--flink-master",
            cluster.master());

    assertThat(flink.exitCode()).as(flink + "\n" + cluster.logs()).isZero();
    assertThat(flink.out()).contains("SUCCEEDED");
    assertThat(cluster.jobs()).containsEntry("rivet-on_flink", "FINISHED");
    Path runDir = ExportedRows.newRunDir(dir.resolve("out"), "on_flink", Set.of());
    List<String> onFlink = ExportedRows.csv(runDir, CsvExports.ID_NOTE);
    try (Connection c = TestDatabase.connect()) {
      List<String> source = ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
      assertThat(source).hasSize(ROWS);
      assertThat(direct).isEqualTo(source);
      assertThat(onFlink).isEqualTo(source);
    }
    try (var files = Files.list(runDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .filteredOn(name -> name.matches("part-.*\\.csv"))
          .hasSize(3);
    }
    assertThat(runDir.resolve("_SUCCESS")).exists();
  }
}
