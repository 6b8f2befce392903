package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TypeMatrixWriterTest {
  private static List<SourceColumn> columns;
  private static List<Map<String, Object>> expected;

  @TempDir Path dir;

  @BeforeAll
  static void createMatrix() throws SQLException {
    TypeMatrix.create();
    columns = PostgresFixture.columns(TypeMatrix.QUERY);
    expected = readExpected();
  }

  @AfterAll
  static void dropMatrix() throws SQLException {
    TypeMatrix.drop();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldWriteEveryTypeToParquetExactly(Compression compression) throws Exception {
    Path file = dir.resolve("matrix.parquet");

    FinishedFile written =
        ExportRunner.export(plan(Format.PARQUET, compression), TypeMatrix.QUERY, file);

    ParquetReadBack back = new ParquetReadBack(file);
    for (ColumnChunkMetaData chunk : back.footer.getBlocks().get(0).getColumns()) {
      assertThat(chunk.getCodec()).isEqualTo(ParquetChunkWriter.codec(compression));
    }
    assertMatchesSource(back);
    ExportRunner.assertDescribes(written, file, TypeMatrix.rowCount());
    assertThat(written.warnings())
        .containsExactly(entry(WarningCounts.INFINITY_CLAMPED, TypeMatrix.INFINITIES));
  }

  @Test
  void shouldWriteTheSameValuesWhenTheDriverUsesBinaryTransfer() throws Exception {
    Path file = dir.resolve("binary.parquet");
    Properties binary = new Properties();
    binary.setProperty("prepareThreshold", "-1");

    ExportRunner.export(plan(Format.PARQUET, Compression.NONE), TypeMatrix.QUERY, file, binary);

    assertMatchesSource(new ParquetReadBack(file));
  }

  private static void assertMatchesSource(ParquetReadBack back) {
    assertThat(back.rows).hasSize(TypeMatrix.rowCount());
    for (int i = 0; i < back.rows.size(); i++) {
      Map<String, Object> row = back.rows.get(i);
      assertThat(row.get("id")).isEqualTo(expected.get(i).get("id"));
      for (MatrixColumn column : TypeMatrix.COLUMNS) {
        Object value = row.get(column.name());
        Object actual =
            column.array() ? elements(column, (List<?>) value) : column.canon().fromParquet(value);
        assertThat(actual)
            .as("%s in row id %s", column.name(), row.get("id"))
            .isEqualTo(expected.get(i).get(column.name()));
      }
    }
  }

  @Test
  void shouldAnnotateEveryParquetColumnAndRecordSourceTypes() throws Exception {
    Path file = dir.resolve("schema.parquet");

    ExportRunner.export(plan(Format.PARQUET, Compression.ZSTD), TypeMatrix.QUERY, file);

    ParquetReadBack back = new ParquetReadBack(file);
    MessageType schema = back.schema();
    assertThat(schema.getType("id").getRepetition()).isEqualTo(Repetition.REQUIRED);
    for (MatrixColumn column : TypeMatrix.COLUMNS) {
      Type type = schema.getType(column.name());
      assertThat(type.getRepetition()).as(column.name()).isEqualTo(Repetition.OPTIONAL);
      PrimitiveType primitive = type.isPrimitive() ? type.asPrimitiveType() : listElement(type);
      assertThat(primitive.getPrimitiveTypeName()).as(column.name()).isEqualTo(column.primitive());
      assertThat(primitive.getLogicalTypeAnnotation())
          .as(column.name())
          .isEqualTo(column.annotation());
      if (column.primitive() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
        assertThat(primitive.getTypeLength()).as(column.name()).isEqualTo(column.fixedLength());
      }
    }
    Map<String, String> metadata = back.footer.getFileMetaData().getKeyValueMetaData();
    assertThat(metadata)
        .containsEntry("rivet.run_id", "run-" + TypeMatrix.TABLE)
        .containsEntry("rivet.export", "types_test")
        .containsEntry("rivet.source_type.c_num38", "numeric")
        .containsEntry("rivet.source_type.c_enum", TypeMatrix.ENUM)
        .containsEntry("rivet.source_type.c_int_arr", "_int4")
        .containsEntry("rivet.source_type.c_dom", "int4");
  }

  private static PrimitiveType listElement(Type type) {
    GroupType list = type.asGroupType();
    assertThat(list.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    GroupType repeated = list.getType(0).asGroupType();
    assertThat(repeated.getName()).isEqualTo("list");
    assertThat(repeated.getRepetition()).isEqualTo(Repetition.REPEATED);
    Type element = repeated.getType(0);
    assertThat(element.getName()).isEqualTo("element");
    assertThat(element.getRepetition()).isEqualTo(Repetition.OPTIONAL);
    return element.asPrimitiveType();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldWriteEveryTypeToCsvExactly(Compression compression) throws Exception {
    Path file = dir.resolve("matrix.csv" + compression.csvSuffix());

    FinishedFile written =
        ExportRunner.export(plan(Format.CSV, compression), TypeMatrix.QUERY, file);

    CsvReadBack back;
    try (InputStream in = decompress(compression, Files.newInputStream(file))) {
      back = new CsvReadBack(in);
    }
    List<String> header = new ArrayList<>(List.of("id"));
    TypeMatrix.COLUMNS.forEach(c -> header.add(c.name()));
    assertThat(back.header).isEqualTo(header);
    assertThat(back.rows).hasSize(TypeMatrix.rowCount());
    for (int i = 0; i < back.rows.size(); i++) {
      List<String> row = back.rows.get(i);
      assertThat(Integer.valueOf(row.get(0))).isEqualTo(expected.get(i).get("id"));
      for (int c = 0; c < TypeMatrix.COLUMNS.size(); c++) {
        MatrixColumn column = TypeMatrix.COLUMNS.get(c);
        String text = row.get(c + 1);
        Object actual = column.array() ? csvElements(column, text) : column.canon().fromCsv(text);
        assertThat(actual)
            .as("%s in row id %s: %s", column.name(), row.get(0), text)
            .isEqualTo(expected.get(i).get(column.name()));
      }
    }
    ExportRunner.assertDescribes(written, file, TypeMatrix.rowCount());
  }

  @Test
  void shouldWriteCsvNullUnquotedEmptyStringQuotedAndCrlfRecords() throws Exception {
    Path file = dir.resolve("dialect.csv");

    ExportRunner.export(plan(Format.CSV, Compression.NONE), TypeMatrix.QUERY, file);

    String text = Files.readString(file);
    String[] records = text.split("\r\n");
    assertThat(records[0]).startsWith("\"id\",\"c_int2\",");
    assertThat(records[3]).isEqualTo("\"3\"" + ",".repeat(TypeMatrix.COLUMNS.size()));
    // row 1: c_text is the empty string, c_bytea three bytes, c_tstz in UTC with Z
    assertThat(records[1])
        .contains(",\"\",\"a\",\"ab   \",")
        .contains(",\"\\x00ff00\",")
        .contains(",\"1900-01-01T00:00:00Z\",")
        .contains(",\"[]\",\"[null]\",");
    assertThat(text).endsWith("\r\n");
    // row 4: jsonb[] holding JSON null, SQL NULL and the JSON string "null", each told apart
    List<String> row4 = CsvReadBack.of(file).rows.get(3);
    assertThat(row4.get(row4.size() - 1)).isEqualTo("[\"null\",null,\"\\\"null\\\"\"]");
  }

  private static Object elements(MatrixColumn column, List<?> values) {
    if (values == null) {
      return null;
    }
    List<Object> canonical = new ArrayList<>();
    values.forEach(v -> canonical.add(column.canon().fromParquet(v)));
    return canonical;
  }

  private static Object csvElements(MatrixColumn column, String text) throws IOException {
    if (text == null) {
      return null;
    }
    JsonNode array = Canon.JSON.readTree(text);
    assertThat(array.isArray()).as("%s is a JSON array: %s", column.name(), text).isTrue();
    List<Object> canonical = new ArrayList<>();
    array.forEach(node -> canonical.add(column.canon().fromCsvJson(node)));
    return canonical;
  }

  private static InputStream decompress(Compression compression, InputStream in)
      throws IOException {
    switch (compression) {
      case GZIP:
        return new GZIPInputStream(in);
      case ZSTD:
        return new ZstdInputStream(in);
      case SNAPPY:
        return new FramedSnappyCompressorInputStream(in);
      case LZ4:
        return new FramedLZ4CompressorInputStream(in);
      default:
        return in;
    }
  }

  private static ExportPlan plan(Format format, Compression compression) {
    return PostgresFixture.plan(
        TypeMatrix.TABLE,
        columns,
        format,
        compression,
        InfinityPolicy.CLAMP,
        OutputSettings.DEFAULT_ROW_GROUP_BYTES);
  }

  /** What JDBC returns for every row and column, in the oracle's canonical form. */
  private static List<Map<String, Object>> readExpected() throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = PostgresFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(TypeMatrix.QUERY)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getInt("id"));
        for (MatrixColumn column : TypeMatrix.COLUMNS) {
          row.put(
              column.name(),
              column.array()
                  ? arrayElements(column, rs.getArray(column.name()))
                  : column.canon().expected(rs, column.name()));
        }
        rows.add(row);
      }
      connection.rollback();
    }
    return rows;
  }

  private static List<Object> arrayElements(MatrixColumn column, Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    try (ResultSet elements = array.getResultSet()) {
      while (elements.next()) {
        values.add(column.canon().fromPgText(elements.getString(2)));
      }
    }
    return values;
  }
}
