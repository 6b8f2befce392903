package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code max_rows_per_file} on an export from the real MariaDB, checked against the source. */
class MySqlFileRotationEndToEndTest {
  private static final String DATABASE = "rivet_rotation_my";
  private static final int ROWS = 30_000;

  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "CAST(id AS CHAR)");
    CANONICAL.put("price", "CAST(price AS CHAR)");
    CANONICAL.put("name", "name");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4",
        "DROP TABLE IF EXISTS " + DATABASE + ".items",
        "CREATE TABLE "
            + DATABASE
            + ".items (id bigint PRIMARY KEY, price decimal(12,2), name varchar(100) NOT NULL,"
            + " note text) CHARACTER SET utf8mb4",
        "INSERT INTO "
            + DATABASE
            + ".items SELECT seq, ((seq * 13) % 10000000) / 100.0,"
            + " CONCAT('name-', seq, ' \uD83D\uDE80'),"
            + " CASE WHEN seq % 10 = 0 THEN NULL ELSE REPEAT('xy\"', seq % 40) END"
            + " FROM seq_1_to_"
            + ROWS,
        "ANALYZE TABLE " + DATABASE + ".items");
  }

  @Test
  void shouldSplitChunksIntoFilesOfAtMostMaxRowsPerFileWithExactChecksums() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestMariaDb.sourceYaml()
                + "state: state.db\n"
                + "exports:\n"
                + "  - name: items\n"
                + "    table: "
                + DATABASE
                + ".items\n"
                + "    destination: out\n"
                + "    chunk_rows: 10000\n"
                + "    max_rows_per_file: 4000\n");

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--validate");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("verdict: MATCH");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    for (Path file : files) {
      assertThat(file.getFileName().toString()).matches("part-\\d{5}-\\d{5}\\.parquet");
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              new LocalInputFile(file),
              ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
        assertThat(reader.getRecordCount()).isBetween(1L, 4_000L);
      }
    }
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    assertThat(manifest.get("files")).hasSize(files.size());
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(files, fromFiles);
    Map<String, String> source = sourceSums();
    assertThat(fromFiles.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(fromFiles.rows()).isEqualTo(ROWS);
    assertThat(fromFiles.sums()).isEqualTo(source);
  }

  private static Map<String, String> sourceSums() throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(ColumnChecksums.mariaDbSqlFor(DATABASE + ".items", CANONICAL))) {
      rs.next();
      sums.put("count", rs.getString(1));
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        sums.put(column, rs.getString(i++));
      }
    }
    return sums;
  }
}
