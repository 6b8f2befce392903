package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local destination with every placeholder, chunk folders included: files land where the template
 * says, validate reads them back, and {@code state files --orphans} finds (and {@code --delete}
 * removes) a file the state store does not know.
 */
class LocalTemplateEndToEndTest {
  // Per process: the same suite may run twice at once against one database.
  private static final String TABLE = "localtpl_e2e_" + ProcessHandle.current().pid();

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 2000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldWriteChunkFoldersWhereTheTemplateSaysAndListOrphansThere() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\nexports:\n  - name: t\n    table: "
                + TABLE
                + "\n    format: csv\n    compression: none\n    chunk_rows: 500\n"
                + "    destination: 'out/{export}/{run_id}/chunk={chunk}'\n");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--validate");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("verdict: MATCH");
    Path runDir = onlyChild(dir.resolve("out/t"));
    assertThat(runDir.resolve("_SUCCESS")).exists();
    assertThat(runDir.resolve("chunk=00002/part-00002.csv")).exists();
    List<String> rows = new ArrayList<>();
    try (Stream<Path> chunks = Files.list(runDir)) {
      for (Path chunk : chunks.filter(Files::isDirectory).toList()) {
        rows.addAll(ExportedRows.csv(chunk, CsvExports.ID_NOTE));
      }
    }
    rows.sort(null);
    try (Connection c = TestDatabase.connect()) {
      assertThat(rows).isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
    }

    Path stray = Files.writeString(runDir.resolve("chunk=00001/part-00001-old.csv"), "x");
    Cli.Result listed = Cli.run("state", "files", "-c", config.toString(), "--orphans");
    Cli.Result deleted =
        Cli.run("state", "files", "-c", config.toString(), "--orphans", "--delete");

    assertThat(listed.out()).contains(stray.toString()).contains("1 orphan file(s)");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(stray).doesNotExist();
    assertThat(Cli.run("validate", "-c", config.toString()).exitCode()).isZero();
  }

  private static Path onlyChild(Path folder) throws Exception {
    try (Stream<Path> children = Files.list(folder)) {
      List<Path> all = children.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
