package dev.rivet.pipeline.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.write.PostgresFixture;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PostgreSQL mapping, fed with the metadata pgjdbc reports. */
class PostgresTypesTest {

  private static ColumnType mapOne(int jdbcType, String typeName, int precision, int scale) {
    return TypeMapper.map(
            List.of(new SourceColumn("c", jdbcType, typeName, precision, scale, true)),
            SourceKind.POSTGRESQL)
        .get(0);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 0, DECIMAL, INT32",
    "9, 2, DECIMAL, INT32",
    "10, 2, DECIMAL, INT64",
    "18, 18, DECIMAL, INT64",
    "19, 0, DECIMAL, FIXED_LEN_BYTE_ARRAY",
    "38, 10, DECIMAL, FIXED_LEN_BYTE_ARRAY",
    "0, 0, NUMERIC_TEXT, BINARY",
    "131089, 0, NUMERIC_TEXT, BINARY",
    "39, 0, NUMERIC_TEXT, BINARY",
    "1000, 5, NUMERIC_TEXT, BINARY"
  })
  void shouldMapNumericToDecimalOnlyWhenPrecisionAndScaleFit(
      int precision, int scale, LogicalKind kind, PrimitiveTypeName primitive) {
    ColumnType type = mapOne(Types.NUMERIC, "numeric", precision, scale);

    assertThat(type.kind()).isEqualTo(kind);
    assertThat(type.parquetPrimitive()).isEqualTo(primitive);
    if (kind == LogicalKind.DECIMAL) {
      assertThat(type.parquetAnnotation())
          .isEqualTo(LogicalTypeAnnotation.decimalType(scale, precision));
    } else {
      assertThat(type.parquetAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    }
  }

  /**
   * PostgreSQL 15's numeric(p,s) with s &lt; 0 or s &gt; p: pgjdbc reports a negative scale as its
   * 11-bit pattern (numeric(3,-2): 2046, observed with pgjdbc 42.7 on PostgreSQL 15).
   */
  @ParameterizedTest
  @CsvSource({
    "3, 2046, 5, 0",
    "3, -2, 5, 0",
    "1, 2011, 38, 0",
    "2, 5, 5, 5",
    "5, 7, 7, 7",
    "1, 38, 38, 38",
    "38, 2047, NUMERIC_TEXT, 0",
    "1, 39, NUMERIC_TEXT, 0",
    "2, 2011, NUMERIC_TEXT, 0"
  })
  void shouldMapNegativeScalesAndScalesAbovePrecisionToTheDecimalHoldingTheSameValues(
      int precision, int reportedScale, String decimalPrecision, int decimalScale) {
    ColumnType type = mapOne(Types.NUMERIC, "numeric", precision, reportedScale);

    if (decimalPrecision.equals("NUMERIC_TEXT")) {
      assertThat(type.kind()).isEqualTo(LogicalKind.NUMERIC_TEXT);
    } else {
      assertThat(type.kind()).isEqualTo(LogicalKind.DECIMAL);
      assertThat(type.precision()).isEqualTo(Integer.parseInt(decimalPrecision));
      assertThat(type.scale()).isEqualTo(decimalScale);
    }
  }

  @Test
  void shouldMapMoneyToDecimalOnlyWhenPlanningRecordedItsScale() {
    ColumnType planned = mapOne(Types.DOUBLE, "money", 19, 2);
    ColumnType asTheDriverReportsIt = mapOne(Types.DOUBLE, "money", Integer.MAX_VALUE, 0);

    assertThat(planned.kind()).isEqualTo(LogicalKind.DECIMAL);
    assertThat(planned.precision()).isEqualTo(19);
    assertThat(planned.scale()).isEqualTo(2);
    assertThat(PostgresBinaryValues.decodes(planned)).as("selected as numeric").isTrue();
    assertThat(asTheDriverReportsIt.kind()).isEqualTo(LogicalKind.STRING);
    assertThat(PostgresBinaryValues.decodes(asTheDriverReportsIt)).isFalse();
  }

  @Test
  void shouldNestOneListPerDeclaredArrayDimension() {
    ColumnType flat = mapOne(Types.ARRAY, "_int4", 10, 0);
    ColumnType cube =
        TypeMapper.map(
                List.of(new SourceColumn("c", Types.ARRAY, "_text", 0, 0, false, 3)),
                SourceKind.POSTGRESQL)
            .get(0);

    assertThat(flat.element().kind()).isEqualTo(LogicalKind.INT32);
    assertThat(cube.kind()).isEqualTo(LogicalKind.LIST);
    assertThat(cube.nullable()).isFalse();
    assertThat(cube.element().kind()).isEqualTo(LogicalKind.LIST);
    assertThat(cube.element().nullable()).isTrue();
    assertThat(cube.element().element().kind()).isEqualTo(LogicalKind.LIST);
    assertThat(cube.element().element().element().kind()).isEqualTo(LogicalKind.STRING);
    assertThat(PostgresArrayDimensions.depth(cube)).isEqualTo(3);
    assertThat(PostgresBinaryValues.decodes(cube)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|0",
        "{1,2}|1",
        "{{1,2},{3,NULL}}|2",
        "{{{a}}}|3",
        "{\"{x}\",b}|1",
        "[0:1]={1,2}|1",
        "[1:2][0:1]={{1,2},{3,4}}|2",
        "{\"\"}|1"
      })
  void shouldCountAnArraysDimensionsFromItsText(String text, int dimensions) {
    assertThat(PostgresArrayDimensions.dimensions(text)).isEqualTo(dimensions);
  }

  @ParameterizedTest
  @CsvSource({"19, 9", "20, 9", "28, 12", "29, 13", "38, 16"})
  void shouldSizeFixedDecimalsToTheFewestBytes(int precision, int bytes) {
    assertThat(mapOne(Types.NUMERIC, "numeric", precision, 0).fixedLength()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({
    "-7, bool, BOOLEAN",
    "5, int2, INT16",
    "4, int4, INT32",
    "-5, int8, INT64",
    "-5, oid, INT64",
    "7, float4, FLOAT",
    "8, float8, DOUBLE",
    "-2, bytea, BYTES",
    "1111, uuid, UUID",
    "1111, json, JSON",
    "1111, jsonb, JSON",
    "91, date, DATE",
    "92, time, TIME",
    "92, timetz, TIMETZ",
    "93, timestamp, TIMESTAMP",
    "93, timestamptz, TIMESTAMPTZ",
    "12, text, STRING",
    "1, bpchar, STRING",
    "1111, interval, STRING",
    "1111, inet, STRING",
    "8, money, STRING",
    "-7, bit, STRING",
    "12, my_enum, STRING",
    "1111, tsvector, STRING",
    "2003, int2vector, STRING"
  })
  void shouldMapEachPostgresTypeByName(int jdbcType, String typeName, LogicalKind kind) {
    assertThat(mapOne(jdbcType, typeName, 0, 0).kind()).isEqualTo(kind);
  }

  @Test
  void shouldMapArraysToListsOfTheElementTypeWithNumericAsText() {
    ColumnType ints = mapOne(Types.ARRAY, "_int4", 10, 0);
    ColumnType numerics = mapOne(Types.ARRAY, "_numeric", 0, 0);

    assertThat(ints.kind()).isEqualTo(LogicalKind.LIST);
    assertThat(ints.parquetAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(ints.element().kind()).isEqualTo(LogicalKind.INT32);
    assertThat(ints.element().nullable()).isTrue();
    assertThat(numerics.element().kind()).isEqualTo(LogicalKind.NUMERIC_TEXT);
  }

  @Test
  void shouldSeeDomainsAsTheirBaseTypeAndEnumsAsText() throws SQLException {
    String table = "rivet_types_mapper_domain";
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + table,
        "DROP DOMAIN IF EXISTS " + table + "_cents",
        "DROP TYPE IF EXISTS " + table + "_level",
        "CREATE DOMAIN " + table + "_cents AS int8 CHECK (VALUE >= 0)",
        "CREATE TYPE " + table + "_level AS ENUM ('low', 'high')",
        "CREATE TABLE " + table + " (amount " + table + "_cents, level " + table + "_level)");
    try {
      List<ColumnType> types =
          TypeMapper.map(PostgresFixture.columns("SELECT * FROM " + table), SourceKind.POSTGRESQL);

      assertThat(types.get(0).sourceType()).isEqualTo("int8");
      assertThat(types.get(0).kind()).isEqualTo(LogicalKind.INT64);
      assertThat(types.get(1).sourceType()).isEqualTo(table + "_level");
      assertThat(types.get(1).kind()).isEqualTo(LogicalKind.STRING);
    } finally {
      PostgresFixture.execute(
          "DROP TABLE IF EXISTS " + table,
          "DROP DOMAIN IF EXISTS " + table + "_cents",
          "DROP TYPE IF EXISTS " + table + "_level");
    }
  }
}
