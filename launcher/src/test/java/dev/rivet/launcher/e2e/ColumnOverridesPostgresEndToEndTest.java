package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ColumnOverridesContract} on PostgreSQL: overrides cast in the chunk query. */
@Tag("slow")
@Timeout(300)
class ColumnOverridesPostgresEndToEndTest extends ColumnOverridesContract {
  private static final String TABLE = "public.overrides_src";
  private static final String BAD = "public.overrides_bad";
  private static final String COMPOSITE = "public.overrides_comp";

  // PostgreSQL fails the chunk's statement on a value it cannot cast (SQLSTATE class 22), which
  // Rivet reports as a user error with the database's message; the row is not named.
  @Test
  void shouldFailTheRunWithTheDatabasesErrorWhenAValueCannotBeCast() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("bad.yaml"),
            sourceYaml()
                + "state: state.db\nexports:\n  - name: bad\n    table: "
                + BAD
                + "\n    destination: out-bad\n    allow_lossy: true\n    columns:\n"
                + "      v: int64\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("invalid input syntax for type bigint: \"abc\"")
        .doesNotContain("Exception");
  }

  // A composite column is read attribute by attribute into a struct; one that an override casts
  // is read as the cast's result instead, with no attribute columns.
  @Test
  void shouldWriteAnOverriddenCompositeAsTheCastAndTheOtherAsAStruct() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("comp.yaml"),
            sourceYaml()
                + "state: state.db\nexports:\n  - name: comp\n    table: "
                + COMPOSITE
                + "\n    destination: out-comp\n    columns:\n      a: text\n");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out-comp"), "comp");
    List<String> written = new ArrayList<>();
    for (Path file : OutputFiles.dataFiles(runDir, ".parquet")) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          MessageType schema = (MessageType) g.getType();
          assertThat(schema.getType("a").isPrimitive()).as("a is the cast's text").isTrue();
          assertThat(schema.getType("b").isPrimitive()).as("b is a struct").isFalse();
          String a = g.getFieldRepetitionCount("a") == 0 ? "null" : g.getString("a", 0);
          String b =
              g.getFieldRepetitionCount("b") == 0
                  ? "null"
                  : g.getGroup("b", 0).getString("street", 0)
                      + ","
                      + g.getGroup("b", 0).getInteger("n", 0);
          written.add(g.getInteger("id", 0) + "|" + a + "|" + b);
        }
      }
    }
    written.sort(null);
    try (Connection c = connect()) {
      assertThat(written)
          .isEqualTo(
              ExportedRows.query(
                  c,
                  "SELECT id, a::text, CASE WHEN b IS NULL THEN 'null'"
                      + " ELSE (b).street || ',' || (b).n END FROM "
                      + COMPOSITE));
    }
  }

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, c_int int4, c_num numeric(12,4), c_num2 numeric(12,4),"
            + " c_ts timestamp, c_tstz timestamptz, c_tsd timestamp, c_uuid text, c_json text,"
            + " c_txt int4, c_bin text)",
        "INSERT INTO "
            + TABLE
            + " VALUES (1, 2147483647, 12345678.1234, 0.1, '1969-12-31 23:59:59.999999',"
            + " '2024-03-10 01:30:00.5+05:30', '2024-02-29 23:59:59', "
            + "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{\"a\": [1, 2.50, null]}', -7,"
            + " 'grüße €'),"
            + " (2, -2147483648, -0.0001, -12345678.9999, '0001-01-01 00:00:00',"
            + " '1900-01-01 00:00:00+00', '1969-12-31 23:59:59.999999',"
            + " '00000000-0000-0000-0000-000000000000', '\"text\"', 0, ''),"
            + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "DROP TABLE IF EXISTS " + BAD,
        "CREATE TABLE " + BAD + " (id int PRIMARY KEY, v text)",
        "INSERT INTO " + BAD + " VALUES (1, '12'), (2, 'abc')",
        "DROP TABLE IF EXISTS " + COMPOSITE,
        "DROP TYPE IF EXISTS overrides_addr",
        "CREATE TYPE overrides_addr AS (street text, n int)",
        "CREATE TABLE " + COMPOSITE + " (id int PRIMARY KEY, a overrides_addr, b overrides_addr)",
        "INSERT INTO "
            + COMPOSITE
            + " VALUES (1, ROW('x, \"y\"', 1), ROW('main st', 2)),"
            + " (2, NULL, ROW('', -3)), (3, ROW(NULL, NULL), NULL)");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "DROP TABLE IF EXISTS " + BAD,
        "DROP TABLE IF EXISTS " + COMPOSITE,
        "DROP TYPE IF EXISTS overrides_addr");
  }

  @Override
  String sourceYaml() {
    return TestDatabase.sourceYaml();
  }

  @Override
  Connection connect() throws SQLException {
    return TestDatabase.connect();
  }

  @Override
  String table() {
    return TABLE;
  }

  @Override
  String lossyColumn() {
    return "c_num2";
  }

  @Override
  String integerColumn() {
    return "c_int";
  }

  @Override
  List<Column> columns() {
    return List.of(
        new Column("c_int", "int64", "c_int::text", Canon.LONG, "INT64", "exact"),
        new Column(
            "c_num", "decimal(14,4)", "c_num::text", Canon.DECIMAL, "INT64 DECIMAL(14,4)", "exact"),
        new Column("c_num2", "float64", "c_num2::float8", Canon.DOUBLE, "DOUBLE", "lossy"),
        new Column(
            "c_ts",
            "timestamptz",
            "(extract(epoch from c_ts) * 1000000)::bigint::text",
            Canon.MICROS,
            "INT64 TIMESTAMP(MICROS,true)",
            "compatible"),
        new Column(
            "c_tstz",
            "timestamp",
            "(extract(epoch from c_tstz) * 1000000)::bigint::text",
            Canon.MICROS,
            "INT64 TIMESTAMP(MICROS,false)",
            "lossy"),
        new Column(
            "c_tsd",
            "date",
            "(c_tsd::date - date '1970-01-01')::text",
            Canon.DAYS,
            "INT32 DATE",
            "lossy"),
        new Column(
            "c_uuid",
            "uuid",
            "c_uuid::uuid::text",
            Canon.UUID,
            "FIXED_LEN_BYTE_ARRAY UUID",
            "lossy"),
        new Column("c_json", "json", "c_json::json::text", Canon.TEXT, "BINARY JSON", "lossy"),
        new Column("c_txt", "text", "c_txt::text", Canon.TEXT, "BINARY STRING", "compatible"),
        new Column(
            "c_bin",
            "binary",
            "'\\x' || encode(convert_to(c_bin, 'UTF8'), 'hex')",
            Canon.HEX,
            "BINARY",
            "compatible"));
  }
}
