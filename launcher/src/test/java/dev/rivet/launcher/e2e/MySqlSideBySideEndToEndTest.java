package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On MariaDB, the exports of one {@code rivet run} run side by side and each publishes exactly its
 * source rows, with the summaries in config order.
 */
@Tag("slow")
class MySqlSideBySideEndToEndTest {
  private static final String DATABASE = "sidebyside_e2e";
  private static final int TABLES = 4;
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "CAST(id AS CHAR)");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
    for (int i = 1; i <= TABLES; i++) {
      String table = DATABASE + ".t" + i;
      sql.add("DROP TABLE IF EXISTS " + table);
      sql.add("CREATE TABLE " + table + " (id int PRIMARY KEY, note varchar(40))");
      sql.add(
          "INSERT INTO "
              + table
              + " SELECT seq, IF(seq % 9 = 0, NULL, CONCAT('t"
              + i
              + " ', seq)) FROM seq_1_to_"
              + (150 * i));
    }
    TestMariaDb.execute(sql.toArray(String[]::new));
  }

  @Test
  @Timeout(600)
  void shouldRunExportsSideBySideEachPublishingItsRows() throws Exception {
    StringBuilder yaml =
        new StringBuilder(TestMariaDb.sourceYaml())
            .append("state: ")
            .append(dir.resolve("state.db"))
            .append("\ndefaults:\n  destination: ")
            .append(dir.resolve("out"))
            .append("\nexports:\n");
    for (int i = 1; i <= TABLES; i++) {
      yaml.append("  - name: m").append(i).append("\n    table: ");
      yaml.append(DATABASE).append(".t").append(i).append('\n');
    }
    Path config = Files.writeString(dir.resolve("rivet.yaml"), yaml.toString());

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<Integer> at = new ArrayList<>();
    for (int i = 1; i <= TABLES; i++) {
      Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "m" + i);
      assertThat(runDir.resolve("_SUCCESS")).exists();
      ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
      OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
      Map<String, String> source = ColumnChecksums.ofMariaDb(DATABASE + ".t" + i, CANONICAL);
      assertThat(files.rows()).isEqualTo(Long.parseLong(source.remove("count")));
      assertThat(files.sums()).isEqualTo(source);
      at.add(run.out().indexOf(runDir.toString()));
    }
    assertThat(at).doesNotContain(-1).isSorted();
  }
}
