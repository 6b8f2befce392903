package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB table export in several chunks keeps each spatial value's SRID: CSV holds the EWKB the
 * server's WKB makes with SRID 4326 (built here in SQL from {@code ST_AsBinary}), and every Parquet
 * file names the column's CRS in its GeoParquet footer.
 */
@Timeout(300)
class MySqlGeometryEndToEndTest {
  private static final String DB = "rivet_e2e_geo_fidelity";
  private static final int ROWS = 3000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".places (id INT PRIMARY KEY, wgs84 POINT, plain POINT)",
        "INSERT INTO "
            + DB
            + ".places SELECT seq,"
            + " IF(seq % 7 = 0, NULL, ST_GeomFromText(CONCAT('POINT(', seq / 100, ' ', -seq / 8,"
            + " ')'), 4326)), ST_GeomFromText(CONCAT('POINT(', seq, ' 0.5)'))"
            + " FROM seq_1_to_"
            + ROWS);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @Test
  @Tag("slow")
  void shouldKeepEachPointsSridInCsvAndParquet() throws Exception {
    CsvExports exports = new CsvExports(dir, TestMariaDb.sourceYaml());
    Path csv = exports.config("places", "table: " + DB + ".places", "chunk_rows: 1000");

    Path csvRun = exports.runDir(csv, "places");

    // EWKB of a little-endian point: byte order, type 1 with the SRID flag, the SRID, coordinates.
    String ewkb =
        "CONCAT('\\\\x', LOWER(HEX(CONCAT(SUBSTRING(ST_AsBinary(wgs84), 1, 1), UNHEX('01000020'),"
            + " UNHEX('E6100000'),"
            + " SUBSTRING(ST_AsBinary(wgs84), 6)))))";
    List<String> written = ExportedRows.csv(csvRun, List.of("id", "wgs84", "plain"));
    try (Connection c = TestMariaDb.connect()) {
      List<String> source =
          ExportedRows.query(
              c,
              "SELECT id, "
                  + ewkb
                  + ", CONCAT('\\\\x', LOWER(HEX(ST_AsBinary(plain)))) FROM "
                  + DB
                  + ".places");
      assertThat(written).hasSize(ROWS).isEqualTo(source);
    }

    Path parquet =
        Files.writeString(
            dir.resolve("parquet.yaml"),
            Files.readString(csv)
                .replace("format: csv", "format: parquet")
                .replace("destination: out", "destination: pq"));
    Cli.Result run = Cli.run("run", "-c", parquet.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<Path> files =
        OutputFiles.dataFiles(OutputFiles.onlyRunDir(dir.resolve("pq"), "places"), ".parquet");
    assertThat(files).hasSizeGreaterThan(1);
    long rows = 0;
    for (Path file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        rows += reader.getRecordCount();
        Map<String, String> footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        JsonNode columns = new ObjectMapper().readTree(footer.get("geo")).get("columns");
        assertThat(columns.get("wgs84").get("encoding").asText()).isEqualTo("WKB");
        assertThat(columns.get("wgs84").has("crs")).as("EPSG:4326 is OGC:CRS84").isFalse();
        assertThat(columns.get("plain").get("crs").isNull()).isTrue();
        assertThat(footer)
            .containsEntry("rivet.srid.wgs84", "4326")
            .containsEntry("rivet.srid.plain", "0");
      }
    }
    assertThat(rows).isEqualTo(ROWS);
  }
}
