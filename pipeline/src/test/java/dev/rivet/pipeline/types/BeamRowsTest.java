package dev.rivet.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.write.PostgresFixture;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class BeamRowsTest {
  private static final String QUERY =
      "SELECT 7::int2 AS small, 42::int8 AS big, 12.50::numeric(10,2) AS price,"
          + " 'x'::text AS label, '\\x01ff'::bytea AS raw,"
          + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id,"
          + " '1969-07-20'::date AS day, '20:17:40.123456'::time AS at,"
          + " 'infinity'::timestamp AS local_ts, '1969-07-20 20:17:40.5+00'::timestamptz AS moment,"
          + " '{1,NULL}'::int4[] AS ints, NULL::text AS missing";

  @Test
  void shouldDescribeColumnsWithExactBeamTypes() throws SQLException {
    Schema schema = BeamRows.schema(PostgresFixture.columns(QUERY), SourceKind.POSTGRESQL);

    assertThat(schema.getField("small").getType()).isEqualTo(FieldType.INT16.withNullable(true));
    assertThat(schema.getField("price").getType()).isEqualTo(FieldType.DECIMAL.withNullable(true));
    assertThat(schema.getField("raw").getType().getTypeName()).isEqualTo(Schema.TypeName.BYTES);
    assertThat(schema.getField("day").getType().getLogicalType().getIdentifier())
        .isEqualTo(SqlTypes.DATE.getIdentifier());
    assertThat(schema.getField("moment").getType().getLogicalType().getIdentifier())
        .isEqualTo(SqlTypes.TIMESTAMP.getIdentifier());
    assertThat(schema.getField("ints").getType().getCollectionElementType())
        .isEqualTo(FieldType.INT32.withNullable(true));
  }

  /** The Beam row read keeps a composite's text form and reads an hstore as a Beam map. */
  @Test
  void shouldReadCompositesAsTheirTextAndHstoreAsAMap() throws SQLException {
    PostgresFixture.execute(
        "CREATE EXTENSION IF NOT EXISTS hstore",
        "DROP TYPE IF EXISTS structs_beam_t",
        "CREATE TYPE structs_beam_t AS (n int, s text)");
    try {
      String query = "SELECT ROW(1, 'a,b')::structs_beam_t AS c, 'b=>NULL, a=>1'::hstore AS h";
      List<SourceColumn> columns = PostgresFixture.columns(query);
      columns =
          List.of(
              columns
                  .get(0)
                  .withAttributes(
                      List.of(
                          new SourceColumn("n", java.sql.Types.OTHER, "int4", 0, 0, true),
                          new SourceColumn("s", java.sql.Types.OTHER, "text", 0, 0, true))),
              columns.get(1));
      List<ColumnType> types = TypeMapper.map(columns, SourceKind.POSTGRESQL);
      assertThat(types.get(0).kind()).isEqualTo(LogicalKind.STRUCT);
      Schema schema = BeamRows.schemaFor(types);

      Row row = readOne(query, rs -> BeamRows.toRow(schema, types, rs, InfinityPolicy.FAIL));

      assertThat(schema.getField("c").getType()).isEqualTo(FieldType.STRING.withNullable(true));
      assertThat(row.getString("c")).isEqualTo("(1,\"a,b\")");
      java.util.Map<String, String> expected = new java.util.HashMap<>();
      expected.put("a", "1");
      expected.put("b", null);
      assertThat(row.<String, String>getMap("h")).isEqualTo(expected);
    } finally {
      PostgresFixture.execute("DROP TYPE IF EXISTS structs_beam_t");
    }
  }

  @Test
  void shouldConvertTheCurrentRowWithTheInfinityPolicy() throws SQLException {
    List<SourceColumn> columns = PostgresFixture.columns(QUERY);
    List<ColumnType> types = TypeMapper.map(columns, SourceKind.POSTGRESQL);
    Schema schema = BeamRows.schemaFor(types);

    Row row = readOne(QUERY, rs -> BeamRows.toRow(schema, types, rs, InfinityPolicy.CLAMP));

    assertThat(row.getInt16("small")).isEqualTo((short) 7);
    assertThat(row.getInt64("big")).isEqualTo(42L);
    assertThat(row.getDecimal("price")).isEqualTo(new BigDecimal("12.50"));
    assertThat(row.getString("label")).isEqualTo("x");
    assertThat(row.getBytes("raw")).containsExactly(0x01, 0xff);
    assertThat(row.getLogicalTypeValue("id", UUID.class))
        .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertThat(row.getLogicalTypeValue("day", LocalDate.class))
        .isEqualTo(LocalDate.of(1969, 7, 20));
    assertThat(row.getLogicalTypeValue("at", LocalTime.class))
        .isEqualTo(LocalTime.parse("20:17:40.123456"));
    assertThat(row.getLogicalTypeValue("local_ts", LocalDateTime.class))
        .isEqualTo(LocalDateTime.parse("9999-12-31T23:59:59.999999"));
    assertThat(row.getLogicalTypeValue("moment", Instant.class))
        .isEqualTo(Instant.parse("1969-07-20T20:17:40.5Z"));
    assertThat(row.getArray("ints")).containsExactlyElementsOf(Arrays.asList(1, null));
    assertThat(row.getString("missing")).isNull();
  }

  @Test
  void shouldFailOnTimeOfDay2400WhichBeamCannotHold() throws SQLException {
    String query = "SELECT '24:00:00'::time AS end_of_day";
    List<ColumnType> types = TypeMapper.map(PostgresFixture.columns(query), SourceKind.POSTGRESQL);
    Schema schema = BeamRows.schemaFor(types);

    assertThatThrownBy(
            () -> readOne(query, rs -> BeamRows.toRow(schema, types, rs, InfinityPolicy.FAIL)))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("column 'end_of_day' (time) holds 24:00:00")
        .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.DATA));
  }

  private interface RowFunction {
    Row apply(ResultSet rs) throws SQLException;
  }

  private static Row readOne(String query, RowFunction function) throws SQLException {
    try (Connection connection = PostgresFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      assertThat(rs.next()).isTrue();
      Row row = function.apply(rs);
      connection.rollback();
      return row;
    }
  }
}
