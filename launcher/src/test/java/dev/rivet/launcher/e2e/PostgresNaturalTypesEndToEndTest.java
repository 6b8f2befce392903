package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL types written as Parquet's natural types, through the CLI on the real server, read
 * back with parquet-java and Commons CSV and compared value by value with the source read
 * independently in SQL: declared multi-dimensional arrays as nested LISTs (CSV: nested JSON
 * arrays), {@code numeric} with a negative scale or a scale above the precision as DECIMAL, {@code
 * money} as DECIMAL at {@code lc_monetary}'s scale, through JDBC and (for the scalars) binary COPY;
 * and a value whose dimensions differ from the column's refused with exit 7 naming the row's key.
 */
class PostgresNaturalTypesEndToEndTest {
  private static final String SCHEMA = "ndarrays_e2e";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The source's truth per column, as SQL text (arrays as JSON, numbers in plain notation). */
  private static final Map<String, String> TRUTH = new LinkedHashMap<>();

  static {
    TRUTH.put("m2", "to_json(m2)::text");
    TRUTH.put("t3", "to_json(t3)::text");
    TRUTH.put("neg", "neg::text");
    TRUTH.put("over", "over::text");
    TRUTH.put("cash", "cash::numeric::text");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TABLE "
            + SCHEMA
            + ".natural (id int PRIMARY KEY, m2 int4[][], t3 text[][][], neg numeric(3,-2),"
            + " over numeric(2,5), cash money)",
        "INSERT INTO "
            + SCHEMA
            + ".natural VALUES"
            + " (1, '{{1,2},{3,NULL}}', '{{{a,b}},{{NULL,\"{x}\"}}}', 99900, 0.00099,"
            + " '-92233720368547758.08'),"
            + " (2, '{}', '{}', -99900, -0.00099, '92233720368547758.07'),"
            + " (3, NULL, NULL, NULL, NULL, NULL),"
            + " (4, '{{NULL,NULL}}', '{{{\"\"}}}', 0, 0, 0),"
            + " (5, '{{-2147483648},{2147483647}}', '{{{\"a,b\",\"c\\\"d\"}}}', 12345, 0.00012,"
            + " '-12.34'),"
            + " (6, '{{7}}', '{{{z}}}', -1, 0.000001, '0.01')",
        "CREATE TABLE " + SCHEMA + ".flat (id int PRIMARY KEY, a int4[])",
        "INSERT INTO " + SCHEMA + ".flat SELECT g, '{1,2}' FROM generate_series(1, 6) g",
        "UPDATE " + SCHEMA + ".flat SET a = '{{1,2},{3,4}}' WHERE id = 5",
        "CREATE TABLE " + SCHEMA + ".matrix (id int PRIMARY KEY, a int4[][])",
        "INSERT INTO " + SCHEMA + ".matrix SELECT g, '{{1},{2}}' FROM generate_series(1, 6) g",
        "UPDATE " + SCHEMA + ".matrix SET a = '{1,2}' WHERE id = 4",
        "CREATE TABLE " + SCHEMA + ".bounds (id int PRIMARY KEY, a int4[][])",
        "INSERT INTO " + SCHEMA + ".bounds SELECT g, '{{1,2},{3,4}}' FROM generate_series(1, 6) g",
        "UPDATE " + SCHEMA + ".bounds SET a = '[1:2][0:1]={{5,6},{7,8}}' WHERE id = 3");
  }

  @AfterAll
  static void dropTables() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  @Tag("slow")
  void shouldWriteDeclaredDimensionsAsNestedListsAndOddNumericsAndMoneyAsDecimals()
      throws Exception {
    Map<Integer, Map<String, String>> source = source();

    Path parquet = run("pq", "natural", "parquet", "auto");
    Path csv = run("csv", "natural", "csv", "auto");

    Map<Integer, Map<String, String>> fromParquet = parquetRows(parquet);
    Map<Integer, Map<String, String>> fromCsv = csvRows(csv);
    assertThat(fromParquet.keySet()).isEqualTo(source.keySet()).hasSize(6);
    assertThat(fromCsv.keySet()).isEqualTo(source.keySet());
    for (Integer id : source.keySet()) {
      for (String column : TRUTH.keySet()) {
        String expected = source.get(id).get(column);
        assertSame(column, id, "parquet", expected, fromParquet.get(id).get(column));
        assertSame(column, id, "csv", expected, fromCsv.get(id).get(column));
      }
    }
    MessageType schema = schema(parquet);
    assertThat(listDepth(schema.getType("m2"))).isEqualTo(2);
    assertThat(listDepth(schema.getType("t3"))).isEqualTo(3);
    assertDecimal(schema.getType("neg"), 5, 0, PrimitiveTypeName.INT32);
    assertDecimal(schema.getType("over"), 5, 5, PrimitiveTypeName.INT32);
    assertDecimal(schema.getType("cash"), 19, 2, PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
  }

  @Test
  @Tag("slow")
  void shouldReadMoneyAndOddNumericsThroughCopyAsThroughJdbc() throws Exception {
    String table = "ndarrays_e2e.natural_scalars";
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + table,
        "CREATE TABLE " + table + " AS SELECT id, neg, over, cash FROM " + SCHEMA + ".natural",
        "ALTER TABLE " + table + " ADD PRIMARY KEY (id)");
    Map<Integer, Map<String, String>> source = source();

    // copy refuses (exit 2) an export with a column COPY cannot decode: success means COPY ran.
    Map<Integer, Map<String, String>> copy =
        parquetRows(run("copy", "natural_scalars", "parquet", "copy"));
    Map<Integer, Map<String, String>> jdbc =
        parquetRows(run("jdbc", "natural_scalars", "parquet", "jdbc"));

    assertThat(copy).isEqualTo(jdbc).hasSize(6);
    for (Integer id : source.keySet()) {
      for (String column : List.of("neg", "over", "cash")) {
        assertThat(copy.get(id).get(column))
            .as("%s of id %s", column, id)
            .isEqualTo(source.get(id).get(column));
      }
    }
  }

  /**
   * The same export read first as a query (money keeps its text form, as every export did before
   * money became DECIMAL) and then as the table: the output type's change is reported once under
   * the default {@code on_schema_drift: warn}, and the next run compares with the new schema.
   */
  @Test
  @Tag("slow")
  void shouldReportMoneysNewOutputTypeOnceAsSchemaDrift() throws Exception {
    String query = "query: SELECT id, cash FROM " + SCHEMA + ".money_drift";
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + ".money_drift",
        "CREATE TABLE " + SCHEMA + ".money_drift (id int PRIMARY KEY, cash money)",
        "INSERT INTO " + SCHEMA + ".money_drift VALUES (1, '-12.34'), (2, NULL)");
    Path asText = driftConfig(query);
    Path asTable = driftConfig("table: " + SCHEMA + ".money_drift");

    Cli.Result first = Cli.run("run", "-c", asText.toString());
    Cli.Result second = Cli.run("run", "-c", asTable.toString());
    Cli.Result third = Cli.run("run", "-c", asTable.toString());

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.err()).doesNotContain("schema changed");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.err())
        .contains("the source schema changed")
        .contains("cash")
        .contains("DECIMAL(19,2)");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.err()).doesNotContain("schema changed");
  }

  private Path driftConfig(String relation) throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state-drift.db\nexports:\n  - name: money_drift\n    "
            + relation
            + "\n    format: csv\n    destination: drift\n";
    return Files.writeString(
        dir.resolve("drift-" + (relation.startsWith("query") ? "query" : "table") + ".yaml"), yaml);
  }

  @Test
  void shouldRefuseAMatrixInAColumnDeclaredFlatNamingTheRowKey() throws Exception {
    Cli.Result result = Cli.run("run", "-c", config("flat", "flat", "csv", "auto").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
    assertThat(result.err())
        .contains("column 'a' (_int4)")
        .contains("an array of 2 dimensions")
        .contains("a list of 1 dimension")
        .contains("the row where id = 5")
        .contains("int4[][]")
        .contains("to_json(col)::text")
        .contains("columns: {col: text}")
        .doesNotContain("\tat ");

    // The hint's override works: the column is written as the array's text.
    Cli.Result asText =
        Cli.run(
            "run",
            "-c",
            config("flattext", "flat", "csv", "auto", "columns:", "  a: text").toString());

    assertThat(asText.exitCode()).as(asText.toString()).isZero();
    try (Connection c = TestDatabase.connect()) {
      assertThat(
              ExportedRows.csv(
                  OutputFiles.onlyRunDir(dir.resolve("flattext"), "flattext"), List.of("id", "a")))
          .isEqualTo(ExportedRows.query(c, "SELECT id, a::text FROM " + SCHEMA + ".flat"));
    }
  }

  @Test
  void shouldRefuseAFlatArrayInAColumnDeclaredTwoDimensional() throws Exception {
    Cli.Result result =
        Cli.run("run", "-c", config("matrix", "matrix", "parquet", "auto").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
    assertThat(result.err())
        .contains("column 'a' (_int4)")
        .contains("an array of 1 dimension,")
        .contains("a list of 2 dimensions")
        .contains("the row where id = 4")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldApplyTheLowerBoundPolicyToEveryDimension() throws Exception {
    Cli.Result refused = Cli.run("run", "-c", config("bounds", "bounds", "csv", "auto").toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(7);
    assertThat(refused.err())
        .contains("[1:2][0:1]")
        .contains("the row where id = 3")
        .contains("on_array_lower_bound to drop");

    Path config = config("bounds_drop", "bounds", "csv", "auto", "on_array_lower_bound: drop");
    Cli.Result dropped = Cli.run("run", "-c", config.toString());
    assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
    Map<Integer, Map<String, String>> rows =
        csvRows(OutputFiles.onlyRunDir(dir.resolve("bounds_drop"), "bounds_drop"), List.of("a"));
    assertThat(rows.get(3).get("a")).isEqualTo("[[5,6],[7,8]]");
    assertThat(rows.get(1).get("a")).isEqualTo("[[1,2],[3,4]]");
  }

  private static void assertSame(
      String column, int id, String format, String expected, String actual) throws Exception {
    if (expected == null || !expected.startsWith("[")) {
      assertThat(actual).as("%s of id %d in %s", column, id, format).isEqualTo(expected);
    } else {
      assertThat(actual).as("%s of id %d in %s", column, id, format).isNotNull();
      assertThat(JSON.readTree(actual))
          .as("%s of id %d in %s: %s", column, id, format, actual)
          .isEqualTo(JSON.readTree(expected));
    }
  }

  private static Map<Integer, Map<String, String>> source() throws Exception {
    Map<Integer, Map<String, String>> rows = new TreeMap<>();
    String sql = "SELECT id, " + String.join(", ", TRUTH.values()) + " FROM " + SCHEMA + ".natural";
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        int i = 2;
        for (String column : TRUTH.keySet()) {
          row.put(column, rs.getString(i++));
        }
        rows.put(rs.getInt(1), row);
      }
    }
    return rows;
  }

  private Path run(String destination, String table, String format, String protocol)
      throws Exception {
    Path config = config(destination, table, format, protocol);
    Cli.Result result = Cli.run("run", "-c", config.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return OutputFiles.onlyRunDir(dir.resolve(destination), destination);
  }

  /**
   * An export named {@code name} of the table, in chunks of 2 rows, into the folder {@code name}.
   */
  private Path config(String name, String table, String format, String protocol, String... extra)
      throws Exception {
    StringBuilder yaml =
        new StringBuilder(TestDatabase.sourceYaml())
            .append("state: state-")
            .append(name)
            .append(".db\nexports:\n  - name: ")
            .append(name)
            .append("\n    table: ")
            .append(SCHEMA)
            .append('.')
            .append(table)
            .append("\n    format: ")
            .append(format)
            .append("\n    destination: ")
            .append(name)
            .append("\n    chunk_rows: 2\n    tuning:\n      read_protocol: ")
            .append(protocol)
            .append('\n');
    for (String line : extra) {
      yaml.append("    ").append(line).append('\n');
    }
    return Files.writeString(dir.resolve(name + ".yaml"), yaml.toString());
  }

  private static MessageType schema(Path runDir) throws Exception {
    Path file = OutputFiles.dataFiles(runDir, ".parquet").get(0);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  private static int listDepth(Type type) {
    int depth = 0;
    while (!type.isPrimitive()) {
      assertThat(type.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
      type = type.asGroupType().getType(0).asGroupType().getType(0);
      depth++;
    }
    return depth;
  }

  private static void assertDecimal(Type type, int precision, int scale, PrimitiveTypeName p) {
    assertThat(type.asPrimitiveType().getPrimitiveTypeName()).as(type.getName()).isEqualTo(p);
    assertThat(type.getLogicalTypeAnnotation())
        .as(type.getName())
        .isEqualTo(LogicalTypeAnnotation.decimalType(scale, precision));
  }

  /** Each row's columns as text: decimals in plain notation, lists as JSON. */
  private static Map<Integer, Map<String, String>> parquetRows(Path runDir) throws Exception {
    Map<Integer, Map<String, String>> rows = new TreeMap<>();
    for (Path file : OutputFiles.dataFiles(runDir, ".parquet")) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          GroupType schema = g.getType();
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 1; i < schema.getFieldCount(); i++) {
            Type type = schema.getType(i);
            String value = null;
            if (g.getFieldRepetitionCount(i) > 0) {
              value =
                  type.isPrimitive()
                      ? decimal(g, i, type.asPrimitiveType())
                      : list(g.getGroup(i, 0)).toString();
            }
            row.put(schema.getFieldName(i), value);
          }
          rows.put(g.getInteger(0, 0), row);
        }
      }
    }
    return rows;
  }

  /** A LIST group's elements: nested lists as arrays, int32 as numbers, text as strings. */
  private static ArrayNode list(Group list) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
      Group item = list.getGroup(0, i);
      if (item.getFieldRepetitionCount(0) == 0) {
        array.addNull();
        continue;
      }
      Type element = item.getType().getType(0);
      if (!element.isPrimitive()) {
        array.add(list(item.getGroup(0, 0)));
      } else if (element.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
        array.add(item.getInteger(0, 0));
      } else {
        array.add(item.getString(0, 0));
      }
    }
    return array;
  }

  private static String decimal(Group g, int field, PrimitiveType p) {
    LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal =
        (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
    BigInteger unscaled =
        switch (p.getPrimitiveTypeName()) {
          case INT32 -> BigInteger.valueOf(g.getInteger(field, 0));
          case INT64 -> BigInteger.valueOf(g.getLong(field, 0));
          default -> new BigInteger(g.getBinary(field, 0).getBytes());
        };
    return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
  }

  private static Map<Integer, Map<String, String>> csvRows(Path runDir) throws Exception {
    return csvRows(runDir, new ArrayList<>(TRUTH.keySet()));
  }

  private static Map<Integer, Map<String, String>> csvRows(Path runDir, List<String> columns)
      throws Exception {
    Map<Integer, Map<String, String>> rows = new TreeMap<>();
    for (Path file : OutputFiles.dataFiles(runDir, ".csv")) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser =
              CSVFormat.RFC4180
                  .builder()
                  .setHeader()
                  .setSkipHeaderRecord(true)
                  .setNullString("")
                  .setQuoteMode(QuoteMode.ALL_NON_NULL)
                  .get()
                  .parse(reader)) {
        for (CSVRecord record : parser) {
          Map<String, String> row = new LinkedHashMap<>();
          for (String column : columns) {
            row.put(column, record.get(column));
          }
          rows.put(Integer.valueOf(record.get("id")), row);
        }
      }
    }
    return rows;
  }
}
