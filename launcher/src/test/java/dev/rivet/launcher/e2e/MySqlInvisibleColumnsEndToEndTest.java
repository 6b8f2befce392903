package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB table with INVISIBLE columns, which {@code SELECT *} leaves out, is exported with every
 * column, in the table's column order, with the source's values.
 */
@Timeout(300)
class MySqlInvisibleColumnsEndToEndTest {
  private static final String DB = "rivet_types_invisible";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB,
        "CREATE TABLE "
            + DB
            + ".accounts (id INT PRIMARY KEY, secret VARCHAR(20) INVISIBLE,"
            + " note TEXT, added DATE INVISIBLE DEFAULT '2024-01-31')",
        "INSERT INTO "
            + DB
            + ".accounts (id, secret, note) SELECT seq, IF(seq % 5 = 0, NULL, CONCAT('s-', seq)),"
            + " CONCAT('n-', seq) FROM seq_1_to_250");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @Test
  @Tag("slow")
  void shouldExportInvisibleColumnsWithTheSourceValues() throws Exception {
    CsvExports exports = new CsvExports(dir, TestMariaDb.sourceYaml());
    Path config = exports.config("accounts", "table: " + DB + ".accounts", "chunk_rows: 100");

    Path runDir = exports.runDir(config, "accounts");

    List<String> columns = List.of("id", "secret", "note", "added");
    List<String> written = ExportedRows.csv(runDir, columns);
    try (Connection c = TestMariaDb.connect()) {
      List<String> source =
          ExportedRows.query(c, "SELECT id, secret, note, added FROM " + DB + ".accounts");
      assertThat(written).hasSize(250).isEqualTo(source);
    }
    try (var files = Files.list(runDir)) {
      Path first =
          files.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).findFirst().get();
      assertThat(Files.readAllLines(first).get(0))
          .isEqualTo("\"id\",\"secret\",\"note\",\"added\"");
    }
  }
}
