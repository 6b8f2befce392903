package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.finalize.OutputTypeNames;
import dev.rivet.pipeline.read.ReadProtocols;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.types.WarningCounts;
import dev.rivet.planner.postgres.PostgresCatalog;
import dev.rivet.planner.postgres.PostgresDialect;
import dev.rivet.planner.sql.ChunkQueries;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL composite columns → Parquet groups, planned by the catalog ({@link PostgresCatalog})
 * and read with the chunk SQL ({@link ChunkQueries}), compared field by field with the server's own
 * forms of each attribute (epoch microseconds, epoch days, hex, JSON of arrays and hstore), which
 * owe nothing to pgjdbc's decoding; CSV keeps PostgreSQL's text form, compared with {@code
 * col::text}.
 */
class CompositeStructTest {
  private static final String TABLE = "structs_comp";
  private static final String ADDR = "structs_addr";
  private static final String OUTER = "structs_outer";
  // Attributes of structs_addr, with the server expression giving each one's independent form.
  private static final List<String[]> ADDR_ORACLE =
      List.of(
          new String[] {"street", "%s.street"},
          new String[] {"n", "%s.n::text"},
          new String[] {"at", "(extract(epoch FROM %s.at) * 1000000)::bigint::text"},
          new String[] {"price", "%s.price::text"},
          new String[] {"tags", "array_to_json(%s.tags)::text"},
          new String[] {"raw", "encode(%s.raw, 'hex')"},
          new String[] {"d", "(%s.d - DATE '1970-01-01')::text"},
          new String[] {"pos", "%s.pos::text"},
          new String[] {"h", "hstore_to_json(%s.h)::text"});

  private static List<SourceColumn> columns;
  private static String chunkSql;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    try {
      PostgresFixture.execute("CREATE EXTENSION IF NOT EXISTS hstore");
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
    dropAll();
    String addr = "ROW(%s)::" + ADDR; // street, n, at, price, tags, raw, d, pos, h
    PostgresFixture.execute(
        "CREATE DOMAIN structs_pos AS int CHECK (VALUE > 0)",
        "CREATE TYPE "
            + ADDR
            + " AS (street text, n int, at timestamptz, price numeric(10,2), tags text[],"
            + " raw bytea, d date, pos structs_pos, h hstore)",
        "CREATE TYPE " + OUTER + " AS (label text, home " + ADDR + ", f float8)",
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, a "
            + ADDR
            + ", o "
            + OUTER
            + ", arr "
            + ADDR
            + "[])",
        // every attribute set; a timestamptz given at +05 is the instant in UTC
        "INSERT INTO "
            + TABLE
            + " VALUES (1, "
            + String.format(
                addr,
                "'Main St', 12, '2024-03-10 01:30:00.5+05', 12.50, ARRAY['x', NULL, 'a,b\"c'],"
                    + " '\\x00ff'::bytea, '0044-03-15 BC', 7, 'k=>v, n=>NULL'")
            + ", ROW('outer', "
            + String.format(
                addr,
                "'in', -1, '1969-12-31 23:59:59.999999+00', -0.01, '{}', '', '1970-01-01',"
                    + " 1, ''")
            + ", 1.5e300)::"
            + OUTER
            + ", ARRAY["
            + String.format(addr, "'el', 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL")
            + ", NULL])",
        // every attribute NULL (not a NULL composite), and a NULL nested composite
        "INSERT INTO "
            + TABLE
            + " VALUES (2, "
            + String.format(addr, "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL")
            + ", ROW(NULL, NULL, NULL)::"
            + OUTER
            + ", '{}')",
        // NULL composites
        "INSERT INTO " + TABLE + " VALUES (3, NULL, NULL, NULL)",
        // empty string; quotes, commas, backslashes, parentheses, spaces and unicode in text
        "INSERT INTO "
            + TABLE
            + " VALUES (4, "
            + String.format(
                addr,
                "'', 0, '2024-06-30 23:59:60+00', 0, ARRAY['', '(x)', 'back\\slash'], '\\x',"
                    + " '2024-02-29', 2147483647, hstore(ARRAY['a\"b'], ARRAY['c\\d'])")
            + ", ROW(' q\"u,o\\te(d) \\\\ 😀 NULL ', NULL, 'NaN')::"
            + OUTER
            + ", NULL)");
    try (Connection connection = PostgresFixture.connect()) {
      columns =
          new PostgresCatalog(connection, new PostgresDialect())
              .columns(new TableRef("public", TABLE));
    }
    chunkSql =
        ChunkQueries.selectSql(
                new PostgresDialect(), plan(Format.PARQUET, InfinityPolicy.FAIL), Chunk.whole())
            + " ORDER BY id";
  }

  @AfterAll
  static void dropTable() throws SQLException {
    dropAll();
  }

  private static void dropAll() throws SQLException {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "DROP TYPE IF EXISTS " + OUTER,
        "DROP TYPE IF EXISTS " + ADDR,
        "DROP DOMAIN IF EXISTS structs_pos");
  }

  @Test
  void shouldPlanEveryAttributeFromTheCatalog() {
    SourceColumn a = columns.get(1);
    assertThat(a.attributes())
        .extracting(SourceColumn::name)
        .containsExactly("street", "n", "at", "price", "tags", "raw", "d", "pos", "h");
    assertThat(a.attributes().get(3).precision()).isEqualTo(10);
    assertThat(a.attributes().get(3).scale()).isEqualTo(2);
    // a domain attribute is planned as its base type, as pgjdbc reports a domain column
    assertThat(a.attributes().get(7).typeName()).isEqualTo("int4");
    assertThat(columns.get(2).attributes().get(1).attributes()).hasSize(9);
    // arrays of composites keep their text form: no attributes
    assertThat(columns.get(3).attributes()).isEmpty();
    // a composite planned without attributes (a plan made before structs) keeps its text form
    SourceColumn planned = new SourceColumn("a", java.sql.Types.STRUCT, ADDR, 0, 0, true);
    assertThat(TypeMapper.map(List.of(planned), SourceKind.POSTGRESQL).get(0).kind())
        .isEqualTo(LogicalKind.STRING);
    assertThat(SourceColumn.attributePaths(columns)).hasSize(9 + 3 + 9);
    assertThat(chunkSql).contains("(\"o\").\"home\"").contains("((\"o\").\"home\").\"street\"");
    assertThat(OutputTypeNames.of(columns, SourceKind.POSTGRESQL).get(1))
        .isEqualTo(
            "STRUCT<street:STRING,n:INT32,at:TIMESTAMPTZ,price:DECIMAL(10,2),tags:LIST<STRING>,"
                + "raw:BYTES,d:DATE,pos:INT32,h:MAP<STRING,STRING>>");
    assertThat(OutputTypeNames.of(columns, SourceKind.POSTGRESQL).get(3)).isEqualTo("LIST<STRING>");
    // The binary COPY decodes no composite: the auto protocol reads such an export through JDBC.
    ExportPlan idAndComposite =
        PostgresFixture.plan(
            TABLE,
            List.of(columns.get(0), columns.get(1)),
            Format.PARQUET,
            Compression.NONE,
            InfinityPolicy.FAIL,
            OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    assertThat(ReadProtocols.protocolFor(idAndComposite, ReadProtocol.AUTO))
        .isEqualTo(ReadProtocol.JDBC);
  }

  @Test
  void shouldWriteCompositesAsParquetGroupsExactly() throws Exception {
    Path file = dir.resolve("comp.parquet");

    FinishedFile written =
        ExportRunner.export(plan(Format.PARQUET, InfinityPolicy.FAIL), chunkSql, file);

    ParquetReadBack back = new ParquetReadBack(file);
    assertSchema(back);
    assertMatchesSource(back);
    ExportRunner.assertDescribes(written, file, 4);
  }

  @Test
  void shouldWriteTheSameGroupsWhenTheDriverUsesBinaryTransfer() throws Exception {
    Path file = dir.resolve("binary.parquet");
    Properties binary = new Properties();
    binary.setProperty("prepareThreshold", "-1");

    ExportRunner.export(plan(Format.PARQUET, InfinityPolicy.FAIL), chunkSql, file, binary);

    assertMatchesSource(new ParquetReadBack(file));
  }

  @Test
  void shouldWriteCompositesToCsvInPostgresTextForm() throws Exception {
    Path file = dir.resolve("comp.csv");

    ExportRunner.export(plan(Format.CSV, InfinityPolicy.FAIL), chunkSql, file);

    CsvReadBack back = CsvReadBack.of(file);
    assertThat(back.header).containsExactly("id", "a", "o", "arr");
    Map<Integer, List<String>> text = new LinkedHashMap<>();
    try (Connection connection = PostgresFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT id, a::text, o::text FROM " + TABLE + " ORDER BY id")) {
      while (rs.next()) {
        text.put(rs.getInt(1), List.of(nullable(rs.getString(2)), nullable(rs.getString(3))));
      }
      connection.rollback();
    }
    assertThat(back.rows).hasSize(4);
    for (List<String> row : back.rows) {
      int id = Integer.parseInt(row.get(0));
      assertThat(List.of(nullable(row.get(1)), nullable(row.get(2))))
          .as("row %s", id)
          .isEqualTo(text.get(id));
    }
    // a composite whose attributes are all NULL is not a NULL composite
    assertThat(back.rows.get(1).get(1)).isEqualTo("(,,,,,,,,)");
    assertThat(back.rows.get(2).get(1)).isNull();
  }

  @Test
  void shouldApplyTheInfinityPolicyInsideCompositesNamingTheAttribute() throws Exception {
    String table = "structs_comp_inf";
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + table,
        "CREATE TABLE " + table + " (id int PRIMARY KEY, a " + ADDR + ")",
        "INSERT INTO "
            + table
            + " VALUES (1, ROW('x', 1, 'infinity', NULL, NULL, NULL, NULL, NULL, NULL))");
    try {
      List<SourceColumn> infColumns;
      try (Connection connection = PostgresFixture.connect()) {
        infColumns =
            new PostgresCatalog(connection, new PostgresDialect())
                .columns(new TableRef("public", table));
      }
      ExportPlan fail =
          PostgresFixture.plan(
              table,
              infColumns,
              Format.PARQUET,
              Compression.NONE,
              InfinityPolicy.FAIL,
              OutputSettings.DEFAULT_ROW_GROUP_BYTES);
      String sql = ChunkQueries.selectSql(new PostgresDialect(), fail, Chunk.whole());

      assertThatThrownBy(() -> ExportRunner.export(fail, sql, dir.resolve("fail.parquet")))
          .isInstanceOf(RivetException.class)
          .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.DATA))
          .hasMessageContaining("column 'a.at' (timestamptz)");

      ExportPlan nulled =
          PostgresFixture.plan(
              table,
              infColumns,
              Format.PARQUET,
              Compression.NONE,
              InfinityPolicy.NULL,
              OutputSettings.DEFAULT_ROW_GROUP_BYTES);
      Path file = dir.resolve("null.parquet");
      FinishedFile written = ExportRunner.export(nulled, sql, file);
      @SuppressWarnings("unchecked")
      Map<String, Object> a = (Map<String, Object>) new ParquetReadBack(file).rows.get(0).get("a");
      assertThat(a.get("street")).isEqualTo("x");
      assertThat(a.get("at")).isNull();
      assertThat(written.warnings()).containsEntry(WarningCounts.INFINITY_NULLED, 1L);
    } finally {
      PostgresFixture.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private static String nullable(String text) {
    return text == null ? "<NULL>" : text;
  }

  private static void assertSchema(ParquetReadBack back) {
    GroupType a = back.schema().getType("a").asGroupType();
    assertThat(a.getRepetition()).isEqualTo(Repetition.OPTIONAL);
    assertThat(a.getLogicalTypeAnnotation()).isNull();
    assertThat(a.getFields())
        .extracting(Type::getName)
        .containsExactly("street", "n", "at", "price", "tags", "raw", "d", "pos", "h");
    assertThat(a.getFields()).allMatch(f -> f.getRepetition() == Repetition.OPTIONAL);
    assertThat(a.getType("street").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.stringType());
    assertThat(a.getType("at").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(a.getType("price").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT64);
    assertThat(a.getType("price").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
    assertThat(a.getType("tags").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(a.getType("d").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(a.getType("h").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.mapType());
    GroupType home = back.schema().getType("o").asGroupType().getType("home").asGroupType();
    assertThat(home.getFieldCount()).isEqualTo(9);
    assertThat(back.schema().getType("arr").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.listType());
  }

  @SuppressWarnings("unchecked")
  private static void assertMatchesSource(ParquetReadBack back) throws Exception {
    Map<Integer, Map<String, Object>> expected = readExpected();
    assertThat(back.rows).hasSize(4);
    for (Map<String, Object> row : back.rows) {
      int id = (Integer) row.get("id");
      Map<String, Object> source = expected.get(id);
      assertThat(addr((Map<String, Object>) row.get("a")))
          .as("a in row %s", id)
          .isEqualTo(source.get("a"));
      Map<String, Object> o = (Map<String, Object>) row.get("o");
      Map<String, Object> outer = null;
      if (o != null) {
        outer = new LinkedHashMap<>();
        outer.put("label", o.get("label"));
        outer.put("home", addr((Map<String, Object>) o.get("home")));
        outer.put("f", o.get("f"));
      }
      assertThat(outer).as("o in row %s", id).isEqualTo(source.get("o"));
    }
    List<Object> arr = (List<Object>) back.rows.get(0).get("arr");
    assertThat(arr).hasSize(2);
    assertThat((String) arr.get(0)).isEqualTo("(el,1,,,,,,,)");
    assertThat(arr.get(1)).isNull();
  }

  /** A Parquet struct of structs_addr in the oracle's forms. */
  private static Map<String, Object> addr(Map<String, Object> fields) {
    if (fields == null) {
      return null;
    }
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("street", fields.get("street"));
    canonical.put("n", fields.get("n"));
    Instant at = (Instant) fields.get("at");
    canonical.put("at", at == null ? null : at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
    canonical.put("price", fields.get("price"));
    canonical.put("tags", fields.get("tags"));
    byte[] raw = (byte[]) fields.get("raw");
    canonical.put("raw", raw == null ? null : HexFormat.of().formatHex(raw));
    LocalDate d = (LocalDate) fields.get("d");
    canonical.put("d", d == null ? null : d.toEpochDay());
    canonical.put("pos", fields.get("pos"));
    @SuppressWarnings("unchecked")
    List<List<Object>> h = (List<List<Object>>) fields.get("h");
    if (h == null) {
      canonical.put("h", null);
    } else {
      Map<Object, Object> entries = new LinkedHashMap<>();
      h.forEach(e -> entries.put(e.get(0), e.get(1)));
      canonical.put("h", entries);
    }
    return canonical;
  }

  /** Each row's composites in the oracle's forms; null for a NULL composite. */
  private static Map<Integer, Map<String, Object>> readExpected() throws Exception {
    StringBuilder sql = new StringBuilder("SELECT id, a::text IS NULL, o::text IS NULL,");
    sql.append(" (o).label, (o).home::text IS NULL, ((o).f)::text");
    for (String prefix : List.of("(a)", "((o).home)")) {
      for (String[] attribute : ADDR_ORACLE) {
        sql.append(", ").append(String.format(attribute[1], prefix));
      }
    }
    sql.append(" FROM ").append(TABLE).append(" ORDER BY id");
    Map<Integer, Map<String, Object>> rows = new LinkedHashMap<>();
    try (Connection connection = PostgresFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql.toString())) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", rs.getBoolean(2) ? null : addrExpected(rs, 7));
        if (rs.getBoolean(3)) {
          row.put("o", null);
        } else {
          Map<String, Object> outer = new LinkedHashMap<>();
          outer.put("label", rs.getString(4));
          outer.put("home", rs.getBoolean(5) ? null : addrExpected(rs, 7 + ADDR_ORACLE.size()));
          String f = rs.getString(6);
          outer.put("f", f == null ? null : Double.valueOf(f));
          row.put("o", outer);
        }
        rows.put(rs.getInt(1), row);
      }
      connection.rollback();
    }
    return rows;
  }

  private static Map<String, Object> addrExpected(ResultSet rs, int first) throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    String[] text = new String[ADDR_ORACLE.size()];
    for (int i = 0; i < text.length; i++) {
      text[i] = rs.getString(first + i);
    }
    fields.put("street", text[0]);
    fields.put("n", text[1] == null ? null : Integer.valueOf(text[1]));
    fields.put("at", text[2] == null ? null : Long.valueOf(text[2]));
    fields.put("price", text[3] == null ? null : new BigDecimal(text[3]));
    fields.put("tags", text[4] == null ? null : jsonList(text[4]));
    fields.put("raw", text[5]);
    fields.put("d", text[6] == null ? null : Long.valueOf(text[6]));
    fields.put("pos", text[7] == null ? null : Integer.valueOf(text[7]));
    if (text[8] == null) {
      fields.put("h", null);
    } else {
      Map<Object, Object> entries = new LinkedHashMap<>();
      JsonNode object = Canon.JSON.readTree(text[8]);
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      keys.sort(dev.rivet.pipeline.types.KeyOrder.CODE_POINTS);
      for (String key : keys) {
        JsonNode value = object.get(key);
        entries.put(key, value.isNull() ? null : value.textValue());
      }
      fields.put("h", entries);
    }
    return fields;
  }

  private static List<Object> jsonList(String json) throws Exception {
    List<Object> values = new ArrayList<>();
    Canon.JSON.readTree(json).forEach(node -> values.add(node.isNull() ? null : node.textValue()));
    return values;
  }

  private static ExportPlan plan(Format format, InfinityPolicy policy) {
    return PostgresFixture.plan(
        TABLE,
        columns,
        format,
        format == Format.CSV ? Compression.NONE : Compression.ZSTD,
        policy,
        OutputSettings.DEFAULT_ROW_GROUP_BYTES);
  }
}
