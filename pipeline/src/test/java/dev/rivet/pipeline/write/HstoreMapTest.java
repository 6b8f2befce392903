package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.finalize.OutputTypeNames;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.SourceTypes;
import dev.rivet.pipeline.types.TypeMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL {@code hstore} → Parquet MAP&lt;STRING, STRING&gt; and a CSV JSON object, entries in
 * key order, compared entry by entry with the server's own {@code each()} ordered by {@code COLLATE
 * "C"} (UTF-8 byte order, which is code point order).
 */
class HstoreMapTest {
  private static final String TABLE = "structs_hstore";
  private static final String QUERY = "SELECT id, h, h_arr FROM " + TABLE + " ORDER BY id";
  private static List<SourceColumn> columns;
  private static Map<Integer, List<List<Object>>> expected;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    try {
      PostgresFixture.execute("CREATE EXTENSION IF NOT EXISTS hstore");
    } catch (SQLException e) {
      // Another session created it at the same moment (unique violation): it exists now.
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, h hstore, h_arr hstore[])",
        "INSERT INTO " + TABLE + " VALUES (1, 'b=>NULL, a=>1', ARRAY['x=>1'::hstore, NULL])",
        "INSERT INTO " + TABLE + " VALUES (2, '', '{}')",
        "INSERT INTO " + TABLE + " VALUES (3, NULL, NULL)",
        // Empty key and value, quotes, commas, backslashes, =>, the text NULL (not a NULL),
        // spaces, accents and 4-byte characters; hstore keeps keys by length, not in this order.
        "INSERT INTO "
            + TABLE
            + " VALUES (4, hstore("
            + "ARRAY['', 'k\"q', 'k,c', 'k\\b', 'k=>v', 'zz', 'é', '😀', 'NULL', 'b', 'ﬁ'],"
            + " ARRAY['', 'v\"q', 'v,c', 'v\\b', NULL, 'last', 'ü', '🎉', 'NULL', ' sp ',"
            + " 'U+FB01 sorts before U+1F600 by code point, after it in UTF-16']), NULL)");
    columns = PostgresFixture.columns(QUERY);
    expected = readExpected();
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldMapHstoreToMapAndHstoreArraysToTextLists() {
    List<ColumnType> types = TypeMapper.map(columns, SourceKind.POSTGRESQL);

    assertThat(types.get(1).kind()).isEqualTo(LogicalKind.MAP);
    assertThat(types.get(2).kind()).isEqualTo(LogicalKind.LIST);
    assertThat(types.get(2).element().kind()).isEqualTo(LogicalKind.STRING);
    assertThat(OutputTypeNames.of(columns, SourceKind.POSTGRESQL))
        .containsExactly("INT32", "MAP<STRING,STRING>", "LIST<STRING>");
    // The binary COPY decoder has no hstore: an export with one is read through JDBC.
    assertThat(SourceTypes.of(SourceKind.POSTGRESQL).binaryDecodes(types.get(1))).isFalse();
  }

  @Test
  void shouldWriteHstoreAsParquetMapSortedByKey() throws Exception {
    Path file = dir.resolve("hstore.parquet");

    FinishedFile written = ExportRunner.export(plan(Format.PARQUET), QUERY, file);

    ParquetReadBack back = new ParquetReadBack(file);
    GroupType map = back.schema().getType("h").asGroupType();
    assertThat(map.getRepetition()).isEqualTo(Repetition.OPTIONAL);
    assertThat(map.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
    GroupType keyValue = map.getType(0).asGroupType();
    assertThat(keyValue.getName()).isEqualTo("key_value");
    assertThat(keyValue.getRepetition()).isEqualTo(Repetition.REPEATED);
    assertString(keyValue.getType(0).asPrimitiveType(), "key", Repetition.REQUIRED);
    assertString(keyValue.getType(1).asPrimitiveType(), "value", Repetition.OPTIONAL);
    assertMatches(back);
    assertThat(back.rows.get(0).get("h_arr")).isEqualTo(Arrays.asList("\"x\"=>\"1\"", null));
    ExportRunner.assertDescribes(written, file, 4);
  }

  @Test
  void shouldWriteTheSameMapsWhenTheDriverUsesBinaryTransfer() throws Exception {
    Path file = dir.resolve("binary.parquet");
    Properties binary = new Properties();
    binary.setProperty("prepareThreshold", "-1");

    ExportRunner.export(plan(Format.PARQUET), QUERY, file, binary);

    assertMatches(new ParquetReadBack(file));
  }

  @Test
  void shouldWriteHstoreToCsvAsJsonObjectSortedByKey() throws Exception {
    Path file = dir.resolve("hstore.csv");

    ExportRunner.export(plan(Format.CSV), QUERY, file);

    CsvReadBack back = CsvReadBack.of(file);
    assertThat(back.rows).hasSize(4);
    for (List<String> row : back.rows) {
      int id = Integer.parseInt(row.get(0));
      assertThat(csvEntries(row.get(1)))
          .as("row %s: %s", id, row.get(1))
          .isEqualTo(expected.get(id));
    }
    assertThat(back.rows.get(0).get(1)).isEqualTo("{\"a\":\"1\",\"b\":null}");
    assertThat(back.rows.get(1).get(1)).isEqualTo("{}");
    assertThat(back.rows.get(2).get(1)).isNull();
  }

  private static void assertString(PrimitiveType type, String name, Repetition repetition) {
    assertThat(type.getName()).isEqualTo(name);
    assertThat(type.getRepetition()).isEqualTo(repetition);
    assertThat(type.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
    assertThat(type.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
  }

  private static void assertMatches(ParquetReadBack back) {
    assertThat(back.rows).hasSize(4);
    for (Map<String, Object> row : back.rows) {
      int id = (Integer) row.get("id");
      assertThat(row.get("h")).as("row %s", id).isEqualTo(expected.get(id));
    }
  }

  private static List<List<Object>> csvEntries(String text) throws Exception {
    if (text == null) {
      return null;
    }
    JsonNode object = Canon.JSON.readTree(text);
    assertThat(object.isObject()).as(text).isTrue();
    List<List<Object>> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      entries.add(Arrays.asList(field.getKey(), value.isNull() ? null : value.textValue()));
    }
    return entries;
  }

  /** Each row's entries as the server lists them, NULL for a NULL hstore. */
  private static Map<Integer, List<List<Object>>> readExpected() throws SQLException {
    Map<Integer, List<List<Object>>> rows = new LinkedHashMap<>();
    try (Connection connection = PostgresFixture.connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT id, h IS NULL FROM " + TABLE)) {
        while (rs.next()) {
          rows.put(rs.getInt(1), rs.getBoolean(2) ? null : new ArrayList<>());
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT t.id, e.key, e.value FROM "
                  + TABLE
                  + " t, each(t.h) e ORDER BY t.id, e.key COLLATE \"C\"")) {
        while (rs.next()) {
          rows.get(rs.getInt(1)).add(Arrays.asList(rs.getString(2), rs.getString(3)));
        }
      }
    }
    assertThat(rows.get(4)).hasSize(11);
    return rows;
  }

  private static ExportPlan plan(Format format) {
    return PostgresFixture.plan(
        TABLE,
        columns,
        format,
        format == Format.CSV ? Compression.NONE : Compression.ZSTD,
        InfinityPolicy.FAIL,
        OutputSettings.DEFAULT_ROW_GROUP_BYTES);
  }
}
