package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.pipeline.write.CsvReadBack;
import dev.rivet.pipeline.write.ParquetReadBack;
import dev.rivet.planner.mysql.MySqlDialect;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spatial values keep their SRID: Parquet writes the WKB with the column's CRS in the GeoParquet
 * {@code geo} footer, CSV writes each value's EWKB. The oracle is the server's own {@code
 * ST_AsBinary} and {@code ST_SRID} of every value; the EWKB is taken apart here by its spec.
 */
class MySqlGeometrySridTest {
  private static final String TABLE = "rivet_geo_srid_fidelity";
  private static final String QUALIFIED = MariaDbFixture.DATABASE + "." + TABLE;
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> GEOMETRY_COLUMNS = List.of("g4326", "g0", "gmix");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    MariaDbFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, g4326 geometry, g0 point, gmix geometry)",
        "INSERT INTO "
            + TABLE
            + " VALUES"
            + " (1, ST_GeomFromText('POINT(13.4 52.5)', 4326), ST_GeomFromText('POINT(1 2)'),"
            + "  ST_GeomFromText('POINT(13.4 52.5)', 4326)),"
            + " (2, ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))', 4326),"
            + "  ST_GeomFromText('POINT(-1.5 0)', 0),"
            + "  ST_GeomFromText('LINESTRING(0 0,1 1)', 3857)),"
            + " (3, NULL, NULL, ST_GeomFromText('POINT(0 0)', 0)),"
            + " (4, ST_GeomFromText('MULTIPOINT(1 1,2 2)', 4326), ST_GeomFromText('POINT(0 0)'),"
            + "  NULL)");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    MariaDbFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldWriteWkbWithEachColumnsSridInTheGeoParquetFooter() throws Exception {
    Path file = dir.resolve("geo.parquet");
    List<SourceColumn> columns = columns("id, g4326, g0");

    MariaDbFixture.export(plan(Format.PARQUET, columns), readQuery(columns), file);

    ParquetReadBack back = new ParquetReadBack(file);
    List<Map<String, String>> oracle = oracle();
    assertThat(back.rows).hasSize(oracle.size());
    for (int i = 0; i < back.rows.size(); i++) {
      for (String column : List.of("g4326", "g0")) {
        byte[] written = (byte[]) back.rows.get(i).get(column);
        assertThat(written == null ? null : HEX.formatHex(written))
            .as("%s in row id %s", column, oracle.get(i).get("id"))
            .isEqualTo(oracle.get(i).get(column + "_wkb"));
      }
    }
    Map<String, String> footer = back.footer.getFileMetaData().getKeyValueMetaData();
    JsonNode geo = new ObjectMapper().readTree(footer.get("geo"));
    assertThat(geo.get("version").asText()).isEqualTo("1.1.0");
    assertThat(geo.get("primary_column").asText()).isEqualTo("g4326");
    JsonNode wgs84 = geo.get("columns").get("g4326");
    assertThat(wgs84.get("encoding").asText()).isEqualTo("WKB");
    assertThat(wgs84.has("crs")).as("SRID 4326 is GeoParquet's default CRS, OGC:CRS84").isFalse();
    JsonNode unknown = geo.get("columns").get("g0");
    assertThat(unknown.has("crs")).isTrue();
    assertThat(unknown.get("crs").isNull()).as("SRID 0: no CRS known").isTrue();
    assertThat(footer)
        .containsEntry("rivet.srid.g4326", "4326")
        .containsEntry("rivet.srid.g0", "0");
  }

  @Test
  void shouldNameAnOtherEpsgCodeAsTheColumnsCrs() throws Exception {
    Path file = dir.resolve("mercator.parquet");
    String query = "SELECT id, gmix FROM " + QUALIFIED + " WHERE id = 2";
    List<SourceColumn> columns = MariaDbFixture.columns(query);

    MariaDbFixture.export(plan(Format.PARQUET, columns), query, file);

    ParquetReadBack back = new ParquetReadBack(file);
    JsonNode crs =
        new ObjectMapper()
            .readTree(back.footer.getFileMetaData().getKeyValueMetaData().get("geo"))
            .get("columns")
            .get("gmix")
            .get("crs");
    assertThat(crs.get("id").get("authority").asText()).isEqualTo("EPSG");
    assertThat(crs.get("id").get("code").asInt()).isEqualTo(3857);
    assertThat(HEX.formatHex((byte[]) back.rows.get(0).get("gmix")))
        .isEqualTo(oracle().get(1).get("gmix_wkb"));
  }

  @Test
  void shouldRefuseTwoSridsInOneParquetColumnNamingTheRowAndTheWaysOut() throws Exception {
    Path file = dir.resolve("mixed.parquet");
    List<SourceColumn> columns = columns("id, gmix");

    assertThatThrownBy(
            () -> MariaDbFixture.export(plan(Format.PARQUET, columns), readQuery(columns), file))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.DATA);
              assertThat(e.hint()).contains("ST_AsBinary(col) AS col").contains("CSV");
            })
        .hasMessageContaining("column 'gmix' (GEOMETRY) holds SRID 3857 after SRID 4326");
  }

  @Test
  void shouldWriteEachValuesSridAsEwkbInCsv() throws Exception {
    Path file = dir.resolve("geo.csv");
    List<SourceColumn> columns = columns("id, g4326, g0, gmix");

    MariaDbFixture.export(plan(Format.CSV, columns), readQuery(columns), file);

    CsvReadBack back = CsvReadBack.of(file);
    List<Map<String, String>> oracle = oracle();
    assertThat(back.rows).hasSize(oracle.size());
    int withSrid = 0;
    for (int i = 0; i < back.rows.size(); i++) {
      List<String> row = back.rows.get(i);
      assertThat(row.get(0)).isEqualTo(oracle.get(i).get("id"));
      for (int c = 0; c < GEOMETRY_COLUMNS.size(); c++) {
        String column = GEOMETRY_COLUMNS.get(c);
        String text = row.get(c + 1);
        String wkb = oracle.get(i).get(column + "_wkb");
        if (wkb == null) {
          assertThat(text).as("%s in row %d", column, i).isNull();
          continue;
        }
        assertThat(text).startsWith("\\x");
        int srid = Integer.parseInt(oracle.get(i).get(column + "_srid"));
        Ewkb parsed = Ewkb.parse(HEX.parseHex(text.substring(2)));
        assertThat(parsed.srid).as("SRID of %s in row %d", column, i).isEqualTo(srid);
        assertThat(HEX.formatHex(parsed.wkb)).as("WKB of %s in row %d", column, i).isEqualTo(wkb);
        withSrid += srid == 0 ? 0 : 1;
      }
    }
    assertThat(withSrid).as("values with an SRID other than 0").isEqualTo(5);
  }

  /** PostGIS extended WKB, taken apart by its definition: flag 0x20000000, SRID after the type. */
  private static final class Ewkb {
    final int srid;
    final byte[] wkb;

    private Ewkb(int srid, byte[] wkb) {
      this.srid = srid;
      this.wkb = wkb;
    }

    static Ewkb parse(byte[] bytes) {
      ByteOrder order = bytes[0] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      ByteBuffer in = ByteBuffer.wrap(bytes).order(order);
      int type = in.getInt(1);
      if ((type & 0x2000_0000) == 0) {
        return new Ewkb(0, bytes);
      }
      int srid = in.getInt(5);
      ByteBuffer wkb = ByteBuffer.allocate(bytes.length - 4).order(order);
      wkb.put(bytes[0]).putInt(type & ~0x2000_0000).put(Arrays.copyOfRange(bytes, 9, bytes.length));
      return new Ewkb(srid, wkb.array());
    }
  }

  private static List<SourceColumn> columns(String select) throws SQLException {
    return MariaDbFixture.columns("SELECT " + select + " FROM " + QUALIFIED);
  }

  /** The select list a table export uses: the dialect's expression of each column. */
  private static String readQuery(List<SourceColumn> columns) {
    return "SELECT "
        + columns.stream().map(new MySqlDialect()::selectColumn).collect(Collectors.joining(", "))
        + " FROM "
        + QUALIFIED
        + " ORDER BY id";
  }

  private static ExportPlan plan(Format format, List<SourceColumn> columns) {
    return MariaDbFixture.plan(TABLE, columns, format, Compression.NONE, ZeroDatePolicy.NULL);
  }

  /** Each row's id and, per geometry column, the server's lowercase hex WKB and its SRID. */
  private static List<Map<String, String>> oracle() throws SQLException {
    StringBuilder select = new StringBuilder("SELECT id");
    for (String column : GEOMETRY_COLUMNS) {
      select
          .append(", LOWER(HEX(ST_AsBinary(")
          .append(column)
          .append("))) AS ")
          .append(column)
          .append("_wkb, ST_SRID(")
          .append(column)
          .append(") AS ")
          .append(column)
          .append("_srid");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection connection = MariaDbFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(select + " FROM " + QUALIFIED + " ORDER BY id")) {
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        for (String column : GEOMETRY_COLUMNS) {
          row.put(column + "_wkb", rs.getString(column + "_wkb"));
          row.put(column + "_srid", rs.getString(column + "_srid"));
        }
        rows.add(row);
      }
      connection.rollback();
    }
    return rows;
  }
}
