package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.pipeline.types.WarningCounts;
import dev.rivet.pipeline.write.CsvReadBack;
import dev.rivet.pipeline.write.FinishedFile;
import dev.rivet.pipeline.write.ParquetReadBack;
import dev.rivet.planner.mysql.MySqlDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports the MySQL type matrix from the real MariaDB through the chunk writers, reads the files
 * back with parquet-java's Group reader and Commons CSV, and compares every value with the server's
 * own text of it.
 */
class MySqlTypeMatrixTest {
  private static List<SourceColumn> columns;
  private static String readQuery;
  private static List<Map<String, String>> oracle;
  private static long zeroDates;

  @TempDir Path dir;

  @BeforeAll
  static void createMatrix() throws SQLException {
    MySqlTypeMatrix.create();
    // The plan's columns are the table's; the read selects them as the dialect does (WKB).
    columns = MariaDbFixture.columns("SELECT * FROM " + MySqlTypeMatrix.QUALIFIED);
    readQuery = readQuery(MySqlTypeMatrixTest::exactSelectColumn);
    oracle = readOracle();
    zeroDates =
        oracle.stream()
            .flatMap(
                row ->
                    MySqlTypeMatrix.COLUMNS.stream()
                        .filter(c -> c.canon().isTemporal())
                        .map(c -> row.get(c.name())))
            .filter(MySqlCanon::isZeroDate)
            .count();
  }

  @AfterAll
  static void dropMatrix() throws SQLException {
    MySqlTypeMatrix.drop();
  }

  @Test
  void shouldWriteEveryMySqlTypeToParquetExactly() throws Exception {
    Path file = dir.resolve("matrix.parquet");

    FinishedFile written =
        MariaDbFixture.export(plan(Format.PARQUET, ZeroDatePolicy.NULL), readQuery, file);

    ParquetReadBack back = new ParquetReadBack(file);
    for (ColumnChunkMetaData chunk : back.footer.getBlocks().get(0).getColumns()) {
      assertThat(chunk.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
    }
    assertMatchesOracle(back);
    assertThat(written.rows()).isEqualTo(MySqlTypeMatrix.rowCount());
    assertThat(zeroDates).isEqualTo(7);
    assertThat(written.warnings())
        .containsExactly(entry(WarningCounts.ZERO_DATE_NULLED, zeroDates));
  }

  /**
   * MariaDB Connector/J's getString moves a DATETIME inside the JVM zone's daylight-saving gap
   * (2021-03-28 02:30 in Europe/Berlin) by an hour; the reader must not depend on the JVM zone.
   */
  @Test
  void shouldWriteTheSameValuesWhateverTheJvmTimeZone() throws Exception {
    Path file = dir.resolve("berlin.parquet");
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
    try {
      MariaDbFixture.export(plan(Format.PARQUET, ZeroDatePolicy.NULL), readQuery, file);
    } finally {
      TimeZone.setDefault(jvmZone);
    }

    assertMatchesOracle(new ParquetReadBack(file));
  }

  private static void assertMatchesOracle(ParquetReadBack back) {
    assertThat(back.rows).hasSize(MySqlTypeMatrix.rowCount());
    for (int i = 0; i < back.rows.size(); i++) {
      Map<String, Object> row = back.rows.get(i);
      assertThat(row.get("id")).isEqualTo(Integer.valueOf(oracle.get(i).get("id")));
      for (MySqlColumn column : MySqlTypeMatrix.COLUMNS) {
        assertThat(column.canon().fromParquet(row.get(column.name())))
            .as("%s in row id %s", column.name(), row.get("id"))
            .isEqualTo(column.canon().fromServer(oracle.get(i).get(column.name())));
      }
    }
  }

  @Test
  void shouldWriteEveryMySqlTypeToCsvExactly() throws Exception {
    Path file = dir.resolve("matrix.csv");

    FinishedFile written =
        MariaDbFixture.export(plan(Format.CSV, ZeroDatePolicy.NULL), readQuery, file);

    CsvReadBack back = CsvReadBack.of(file);
    List<String> header = new ArrayList<>(List.of("id"));
    MySqlTypeMatrix.COLUMNS.forEach(c -> header.add(c.name()));
    assertThat(back.header).isEqualTo(header);
    assertThat(back.rows).hasSize(MySqlTypeMatrix.rowCount());
    for (int i = 0; i < back.rows.size(); i++) {
      List<String> row = back.rows.get(i);
      assertThat(row.get(0)).isEqualTo(oracle.get(i).get("id"));
      for (int c = 0; c < MySqlTypeMatrix.COLUMNS.size(); c++) {
        MySqlColumn column = MySqlTypeMatrix.COLUMNS.get(c);
        String text = row.get(c + 1);
        assertThat(column.canon().fromCsv(text))
            .as("%s in row id %s: %s", column.name(), row.get(0), text)
            .isEqualTo(column.canon().fromServer(oracle.get(i).get(column.name())));
      }
    }
    assertThat(written.warnings())
        .containsExactly(entry(WarningCounts.ZERO_DATE_NULLED, zeroDates));
  }

  @Test
  void shouldAnnotateEveryParquetColumnAndRecordDriverTypeNames() throws Exception {
    Path file = dir.resolve("schema.parquet");

    MariaDbFixture.export(plan(Format.PARQUET, ZeroDatePolicy.NULL), readQuery, file);

    MessageType schema = new ParquetReadBack(file).schema();
    assertThat(schema.getType("id").getRepetition()).isEqualTo(Repetition.REQUIRED);
    for (MySqlColumn column : MySqlTypeMatrix.COLUMNS) {
      PrimitiveType type = schema.getType(column.name()).asPrimitiveType();
      assertThat(type.getRepetition()).as(column.name()).isEqualTo(Repetition.OPTIONAL);
      assertThat(type.getPrimitiveTypeName()).as(column.name()).isEqualTo(column.primitive());
      LogicalTypeAnnotation expected =
          column.name().equals("c_json") ? jsonAnnotation() : column.annotation();
      assertThat(type.getLogicalTypeAnnotation()).as(column.name()).isEqualTo(expected);
      if (column.primitive() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
        assertThat(type.getTypeLength()).as(column.name()).isEqualTo(column.fixedLength());
      }
    }
  }

  @Test
  void shouldNotShiftTimestampsByTheInsertingSessionTimeZone() throws Exception {
    Path file = dir.resolve("instants.parquet");

    MariaDbFixture.export(plan(Format.PARQUET, ZeroDatePolicy.NULL), readQuery, file);

    // Inserted as 1970-01-01 05:30:01 and 2038-01-19 08:44:07.999999 in +05:30.
    List<Map<String, Object>> rows = new ParquetReadBack(file).rows;
    assertThat(rows.get(0).get("c_timestamp6")).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
    assertThat(rows.get(1).get("c_timestamp6"))
        .isEqualTo(Instant.parse("2038-01-19T03:14:07.999999Z"));
    assertThat(rows.get(5).get("c_timestamp6"))
        .isEqualTo(Instant.parse("1970-01-01T00:00:01.000001Z"));
  }

  @Test
  void shouldFailNamingTheColumnWhenZeroDatePolicyIsFail() {
    Path file = dir.resolve("fail.parquet");
    ExportPlan plan = plan(Format.PARQUET, ZeroDatePolicy.FAIL);

    assertThatThrownBy(() -> MariaDbFixture.export(plan, readQuery, file))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.DATA);
              assertThat(e.hint()).contains("on_zero_date: null");
            })
        .hasMessageContaining("column 'c_date'")
        .hasMessageContaining("0000-00-00")
        .hasMessageContaining("row 4");
  }

  /**
   * MySQL sends FLOAT in text results with 6 significant digits (16777216 arrives as 16777200), so
   * only a select list that widens FLOAT to DOUBLE on the server reads it exactly.
   */
  @Test
  void shouldReadFloatExactlyWithTheDialectsSelectList() throws Exception {
    Path file = dir.resolve("float.parquet");
    String query = readQuery(new MySqlDialect()::selectColumn);

    MariaDbFixture.export(plan(Format.PARQUET, ZeroDatePolicy.NULL), query, file);

    List<Map<String, Object>> rows = new ParquetReadBack(file).rows;
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).get("c_float"))
          .as("c_float in row id %s", rows.get(i).get("id"))
          .isEqualTo(MySqlCanon.FLOAT.fromServer(oracle.get(i).get("c_float")));
    }
  }

  private static String readQuery(Function<SourceColumn, String> selectColumn) {
    return "SELECT "
        + columns.stream().map(selectColumn).collect(Collectors.joining(", "))
        + " FROM "
        + MySqlTypeMatrix.QUALIFIED
        + " ORDER BY id";
  }

  /** The dialect's select expression, with FLOAT widened to DOUBLE where the dialect does not. */
  private static String exactSelectColumn(SourceColumn column) {
    String expression = new MySqlDialect().selectColumn(column);
    boolean bare = expression.equals("`" + column.name() + "`");
    return bare && column.typeName().equals("FLOAT")
        ? "CAST(`" + column.name() + "` AS DOUBLE) AS `" + column.name() + "`"
        : expression;
  }

  private static LogicalTypeAnnotation jsonAnnotation() {
    String typeName =
        columns.stream()
            .filter(c -> c.name().equals("c_json"))
            .findFirst()
            .orElseThrow()
            .typeName();
    return typeName.equalsIgnoreCase("JSON")
        ? LogicalTypeAnnotation.jsonType()
        : LogicalTypeAnnotation.stringType();
  }

  private static ExportPlan plan(Format format, ZeroDatePolicy onZeroDate) {
    // Parquet compresses pages with zstd; CSV stays plain so Commons CSV reads it directly.
    Compression compression = format == Format.PARQUET ? Compression.ZSTD : Compression.NONE;
    return MariaDbFixture.plan(MySqlTypeMatrix.TABLE, columns, format, compression, onZeroDate);
  }

  /** The server's text of every value, read in the same UTC read session as the export. */
  private static List<Map<String, String>> readOracle() throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection connection = MariaDbFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(MySqlTypeMatrix.oracleQuery())) {
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        for (MySqlColumn column : MySqlTypeMatrix.COLUMNS) {
          row.put(column.name(), rs.getString(column.name()));
        }
        rows.add(row);
      }
      connection.rollback();
    }
    return rows;
  }
}
