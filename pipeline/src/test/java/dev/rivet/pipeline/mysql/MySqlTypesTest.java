package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.types.ValuePolicies;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MySQL mapping, fed with the metadata MariaDB Connector/J 3.5 reports (MariaDB 10.11). */
class MySqlTypesTest {

  private static ColumnType mapOne(String typeName, int jdbcType, int precision, int scale) {
    return TypeMapper.map(
            List.of(new SourceColumn("c", jdbcType, typeName, precision, scale, true)),
            SourceKind.MYSQL)
        .get(0);
  }

  @ParameterizedTest
  @CsvSource({
    // driver type name, java.sql.Types, precision, kind
    "BOOLEAN, 16, 1, BOOLEAN", // tinyint(1) and boolean
    "BIT, 16, 1, BOOLEAN",
    "BIT, -7, 64, BYTES",
    "BIT, -7, 5, BYTES",
    "TINYINT, -6, 3, INT8",
    "TINYINT UNSIGNED, -6, 3, INT16",
    "SMALLINT, 5, 5, INT16",
    "SMALLINT UNSIGNED, 5, 5, INT32",
    "MEDIUMINT, 4, 7, INT32",
    "MEDIUMINT UNSIGNED, 4, 8, INT32",
    "INTEGER, 4, 10, INT32",
    "INTEGER UNSIGNED, 4, 10, INT64",
    "BIGINT, -5, 19, INT64",
    "FLOAT, 7, 12, FLOAT",
    "DOUBLE, 8, 22, DOUBLE",
    "YEAR, 91, 4, INT16",
    "DATE, 91, 10, DATE",
    "DATETIME, 93, 26, TIMESTAMP",
    "TIMESTAMP, 93, 26, TIMESTAMPTZ",
    "TIME, 92, 17, STRING",
    "CHAR, 1, 5, STRING", // also ENUM and SET
    "VARCHAR, 12, 20, STRING",
    "TEXT, 12, 65535, STRING",
    "LONGTEXT, -1, 0, STRING",
    "BINARY, -3, 3, BYTES",
    "VARBINARY, -3, 5, BYTES",
    "BLOB, -3, 65535, BYTES",
    "LONGBLOB, -4, -1, BYTES",
    "JSON, -1, 0, JSON",
    "GEOMETRY, -3, -1, GEOMETRY",
    "POINT, -3, -1, GEOMETRY",
    "POLYGON, -3, -1, GEOMETRY",
    "INET6, 12, 39, STRING",
    "UUID, 12, 36, UUID",
    "SOMETHING_BINARY, -3, 16, BYTES"
  })
  void shouldMapEachDriverTypeName(String typeName, int jdbcType, int precision, LogicalKind kind) {
    ColumnType type = mapOne(typeName, jdbcType, precision, 0);

    assertThat(type.kind()).isEqualTo(kind);
    assertThat(type.dialect()).isEqualTo(SourceKind.MYSQL);
    assertThat(type.sourceType()).isEqualTo(typeName);
  }

  @Test
  void shouldMapUnsignedBigintToADecimalThatHoldsItsMaximum() {
    ColumnType type = mapOne("BIGINT UNSIGNED", -5, 20, 0);

    assertThat(type.kind()).isEqualTo(LogicalKind.DECIMAL);
    assertThat(type.parquetAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(0, 20));
    assertThat(type.parquetPrimitive()).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
    assertThat(type.fixedLength()).isEqualTo(9);
  }

  @ParameterizedTest
  @CsvSource({
    "DECIMAL, 38, 10, DECIMAL",
    "DECIMAL, 9, 2, DECIMAL",
    "DECIMAL UNSIGNED, 5, 2, DECIMAL",
    "DECIMAL, 39, 0, NUMERIC_TEXT",
    "DECIMAL, 65, 30, NUMERIC_TEXT"
  })
  void shouldKeepDecimalsWiderThan38DigitsAsExactText(
      String typeName, int precision, int scale, LogicalKind kind) {
    ColumnType type = mapOne(typeName, 3, precision, scale);

    assertThat(type.kind()).isEqualTo(kind);
    if (kind == LogicalKind.DECIMAL) {
      assertThat(type.precision()).isEqualTo(precision);
      assertThat(type.scale()).isEqualTo(scale);
    } else {
      assertThat(type.parquetAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    }
  }

  @Test
  void shouldAnnotateTinyintAsEightBitInteger() {
    ColumnType type = mapOne("TINYINT", -6, 3, 0);

    assertThat(type.parquetPrimitive()).isEqualTo(PrimitiveTypeName.INT32);
    assertThat(type.parquetAnnotation()).isEqualTo(LogicalTypeAnnotation.intType(8, true));
  }

  @Test
  void shouldLetOnlyTheSourcesOwnPolicyMakeADateNullable() {
    ColumnType mysqlDate = mapOne("DATE", 91, 10, 0);
    ColumnType postgresDate =
        TypeMapper.map(
                List.of(new SourceColumn("c", 91, "date", 0, 0, false)), SourceKind.POSTGRESQL)
            .get(0);
    ValuePolicies zeroNull = new ValuePolicies(InfinityPolicy.FAIL, ZeroDatePolicy.NULL);
    ValuePolicies infinityNull = new ValuePolicies(InfinityPolicy.NULL, ZeroDatePolicy.FAIL);

    assertThat(zeroNull.mayNull(mysqlDate)).isTrue();
    assertThat(zeroNull.mayNull(postgresDate)).isFalse();
    assertThat(infinityNull.mayNull(mysqlDate)).isFalse();
    assertThat(infinityNull.mayNull(postgresDate)).isTrue();
    assertThat(zeroNull.mayNull(mapOne("TIME", 92, 10, 0))).isFalse();
  }
}
