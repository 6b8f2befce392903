package dev.rivet.pipeline.write;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;

/** The type-matrix fixture: every mapped PostgreSQL type with edge values, in its own table. */
final class TypeMatrix {
  static final String TABLE = "rivet_types_matrix_writer";
  static final String ENUM = "rivet_types_matrix_writer_mood";
  static final String DOMAIN = "rivet_types_matrix_writer_posint";
  static final String QUERY = "SELECT * FROM " + TABLE + " ORDER BY id";

  /** Infinite values in the rows below, each clamped once under the CLAMP policy. */
  static final long INFINITIES = 8;

  private static final LogicalTypeAnnotation STRING = LogicalTypeAnnotation.stringType();
  private static final LogicalTypeAnnotation JSON = LogicalTypeAnnotation.jsonType();

  static final List<MatrixColumn> COLUMNS =
      List.of(
          MatrixColumn.scalar(
              "c_int2", "int2", Canon.INT, INT32, LogicalTypeAnnotation.intType(16, true)),
          MatrixColumn.scalar("c_int4", "int4", Canon.INT, INT32, null),
          MatrixColumn.scalar("c_int8", "int8", Canon.LONG, INT64, null),
          MatrixColumn.scalar("c_oid", "oid", Canon.LONG, INT64, null),
          MatrixColumn.scalar("c_float4", "float4", Canon.FLOAT, FLOAT, null),
          MatrixColumn.scalar("c_float8", "float8", Canon.DOUBLE, DOUBLE, null),
          MatrixColumn.scalar("c_bool", "bool", Canon.BOOL, BOOLEAN, null),
          MatrixColumn.fixed(
              "c_num38",
              "numeric(38,10)",
              Canon.DECIMAL,
              16,
              LogicalTypeAnnotation.decimalType(10, 38)),
          MatrixColumn.fixed(
              "c_num19",
              "numeric(19,0)",
              Canon.DECIMAL,
              9,
              LogicalTypeAnnotation.decimalType(0, 19)),
          MatrixColumn.scalar(
              "c_num18",
              "numeric(18,4)",
              Canon.DECIMAL,
              INT64,
              LogicalTypeAnnotation.decimalType(4, 18)),
          MatrixColumn.scalar(
              "c_num9",
              "numeric(9,2)",
              Canon.DECIMAL,
              INT32,
              LogicalTypeAnnotation.decimalType(2, 9)),
          MatrixColumn.scalar("c_num_free", "numeric", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_num_wide", "numeric(50,5)", Canon.TEXT, BINARY, STRING),
          // PostgreSQL 15: a negative scale, and a scale above the precision.
          MatrixColumn.scalar(
              "c_num_neg",
              "numeric(3,-2)",
              Canon.DECIMAL,
              INT32,
              LogicalTypeAnnotation.decimalType(0, 5)),
          MatrixColumn.scalar(
              "c_num_over",
              "numeric(2,5)",
              Canon.DECIMAL,
              INT32,
              LogicalTypeAnnotation.decimalType(5, 5)),
          MatrixColumn.scalar("c_text", "text", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_varchar", "varchar(40)", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_char", "char(5)", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_name", "name", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_xml", "xml", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_enum", ENUM, Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_dom", DOMAIN, Canon.INT, INT32, null),
          MatrixColumn.scalar("c_bytea", "bytea", Canon.BYTES, BINARY, null),
          MatrixColumn.fixed("c_uuid", "uuid", Canon.UUID, 16, LogicalTypeAnnotation.uuidType()),
          MatrixColumn.scalar("c_json", "json", Canon.TEXT, BINARY, JSON),
          MatrixColumn.scalar("c_jsonb", "jsonb", Canon.TEXT, BINARY, JSON),
          MatrixColumn.scalar(
              "c_date", "date", Canon.DATE, INT32, LogicalTypeAnnotation.dateType()),
          MatrixColumn.scalar(
              "c_time",
              "time",
              Canon.TIME_MICROS,
              INT64,
              LogicalTypeAnnotation.timeType(false, MICROS)),
          MatrixColumn.scalar("c_timetz", "timetz", Canon.OFFSET_TIME, BINARY, STRING),
          MatrixColumn.scalar(
              "c_ts",
              "timestamp",
              Canon.TIMESTAMP,
              INT64,
              LogicalTypeAnnotation.timestampType(false, MICROS)),
          MatrixColumn.scalar(
              "c_tstz",
              "timestamptz",
              Canon.INSTANT,
              INT64,
              LogicalTypeAnnotation.timestampType(true, MICROS)),
          MatrixColumn.scalar("c_interval", "interval", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_inet", "inet", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_money", "money", Canon.TEXT, BINARY, STRING),
          MatrixColumn.scalar("c_bit", "bit(4)", Canon.TEXT, BINARY, STRING),
          MatrixColumn.list("c_int_arr", "int4[]", Canon.INT, INT32, null, 0),
          MatrixColumn.list("c_text_arr", "text[]", Canon.TEXT, BINARY, STRING, 0),
          MatrixColumn.list(
              "c_ts_arr",
              "timestamp[]",
              Canon.TIMESTAMP,
              INT64,
              LogicalTypeAnnotation.timestampType(false, MICROS),
              0),
          MatrixColumn.list(
              "c_tstz_arr",
              "timestamptz[]",
              Canon.INSTANT,
              INT64,
              LogicalTypeAnnotation.timestampType(true, MICROS),
              0),
          MatrixColumn.list(
              "c_date_arr", "date[]", Canon.DATE, INT32, LogicalTypeAnnotation.dateType(), 0),
          MatrixColumn.list("c_num_arr", "numeric[]", Canon.TEXT, BINARY, STRING, 0),
          MatrixColumn.list(
              "c_uuid_arr",
              "uuid[]",
              Canon.UUID,
              org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY,
              LogicalTypeAnnotation.uuidType(),
              16),
          MatrixColumn.list("c_bool_arr", "bool[]", Canon.BOOL, BOOLEAN, null, 0),
          MatrixColumn.list("c_float_arr", "float8[]", Canon.DOUBLE, DOUBLE, null, 0),
          MatrixColumn.list("c_jsonb_arr", "jsonb[]", Canon.JSON_ELEMENT, BINARY, JSON, 0));

  // One VALUES tuple per row, in COLUMNS order after id.
  private static final List<String> ROWS =
      List.of(
          // minimums, zero bytes, empty arrays, pre-1970
          "1, -32768, -2147483648, -9223372036854775808, 0, '-3.4028235e38',"
              + " '-1.7976931348623157e308', false, '-9999999999999999999999999999.9999999999',"
              + " '-9999999999999999999', '-99999999999999.9999', '-9999999.99',"
              + " '-123456789012345678901234567890123456789012345678901234567890.123',"
              + " '-123456789012345678901234567890123456789012345.56789', '-99900', '-0.00099', '', 'a',"
              + " 'ab', 'n',"
              + " '<a>1</a>', 'sad', 1, '\\x00ff00', '00000000-0000-0000-0000-000000000000',"
              + " '{\"a\": [1, 2]}', '{\"b\": null, \"a\": 1}', '1900-01-01', '00:00:00',"
              + " '00:00:00+00', '1900-01-01 00:00:00', '1900-01-01 00:00:00+00', '-1 days', '::1',"
              + " '-12.34', B'0000', '{}', '{NULL}', '{NULL,\"1900-01-01 00:00:00\"}',"
              + " '{\"1900-01-01 00:00:00+00\"}', '{}', '{NaN,1.50,NULL}',"
              + " '{00000000-0000-0000-0000-000000000001}', '{t,NULL,f}',"
              + " '{NaN,Infinity,-Infinity,1.5}', ARRAY['{\"a\":1}'::jsonb, NULL]",
          // maximums, unicode, CSV-hostile text, far future
          "2, 32767, 2147483647, 9223372036854775807, 4294967295, '3.4028235e38',"
              + " '1.7976931348623157e308', true, '9999999999999999999999999999.9999999999',"
              + " '9999999999999999999', '99999999999999.9999', '9999999.99', 'NaN', '0.00001',"
              + " '99900', '0.00099',"
              + " 'emoji 😀 CJK 漢字 combining e\u0301', 'a,\"b\"' || chr(10) || 'c', 'abcde',"
              + " 'name_max', '<b/>', 'happy', 2147483647, '',"
              + " 'ffffffff-ffff-ffff-ffff-ffffffffffff', '[]', '[1, \"x\", {\"k\": [true]}]',"
              + " '2999-12-31', '23:59:59.999999', '23:59:59.999999-05:30', '2999-12-31"
              + " 23:59:59.999999', '2999-12-31 23:59:59.999999+00', 'P1Y2M3DT4H5M6.789S',"
              + " '10.0.0.1/8', '12.34', B'1111', '{1,NULL,-3}',"
              + " '{\"\",\"x,y\",\"😀\",\"quote\\\"d\"}', '{\"2999-12-31 23:59:59.999999\"}',"
              + " '{\"2999-12-31 23:59:59.999999+00\",NULL}', '{1970-01-01,NULL}', '{0.00001}',"
              + " '{}', '{}', '{0.1}', '{}'",
          // NULL in every column
          sparse(3),
          // infinities, 24:00, one-byte values
          "4, 0, 0, 0, 0, '1.4e-45', '4.9e-324', false, '0.0000000001', '0', '0.0001', '0.01',"
              + " '-Infinity', '-0.00001', '0', '0', ' ', 'tail space ', 'x', '', '<c></c>', 'sad', 7,"
              + " '\\x00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'null', '\"s\"', 'infinity',"
              + " '24:00:00', '12:34:56.5+05', '-infinity', 'infinity', '0', '192.168.0.0/16', '0',"
              + " B'1010', '{0}', '{NULL,NULL}', '{infinity,-infinity}', '{-infinity}',"
              + " '{infinity,-infinity,NULL}', '{}', '{NULL}', '{NULL}', '{NULL}',"
              + " ARRAY['null'::jsonb, NULL, '\"null\"'::jsonb]",
          // negative zero, BC dates, microsecond before the epoch, 6-digit years
          "5, -1, -1, -1, 1, '-0', '-0', true, '-0.0000000001', '1', '-0.0001', '-0.01', '1e-20',"
              + " '-1.5', '12345', '0.00012', 'line1' || chr(13) || chr(10) || 'line2', 'tab' || chr(9) || 'x', 'z',"
              + " 'nm', '<d>&amp;</d>', 'happy', 3, '\\x000000',"
              + " '123e4567-e89b-12d3-a456-426614174000', '{\"nested\": {\"a\": [1.5e10, -0]}}',"
              + " '{\"big\": 12345678901234567890}', '0044-03-15 BC', '12:00:00.000001',"
              + " '00:00:00.000001+14', '1969-12-31 23:59:59.999999', '1969-12-31"
              + " 23:59:59.999999+00', '-1 day -02:03:04.5', '2001:db8::/32', '-0.01', B'0001',"
              + " '{-2147483648,2147483647}', '{\"NULL\",\"null\"}', '{\"1969-12-31"
              + " 23:59:59.999999\"}', '{\"1969-12-31 23:59:59.999999+00\"}', '{\"0044-03-15"
              + " BC\"}', '{-0.00001}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}', '{f}',"
              + " '{-0}', ARRAY['[]'::jsonb]",
          sparse(
              6,
              "c_date",
              "'5874897-12-31'",
              "c_ts",
              "'0001-01-01 00:00:00 BC'",
              "c_tstz",
              "'4713-01-01 00:00:00+00 BC'"),
          sparse(
              7,
              "c_date",
              "'4714-11-24 BC'",
              "c_ts",
              "'100000-01-01 00:00:00'",
              "c_tstz",
              "'100000-01-01 00:00:00+00'"));

  private TypeMatrix() {}

  /** A row with the given column=value pairs and NULL everywhere else. */
  private static String sparse(int id, String... pairs) {
    List<String> values = new java.util.ArrayList<>();
    values.add(String.valueOf(id));
    for (MatrixColumn column : COLUMNS) {
      String value = "NULL";
      for (int i = 0; i < pairs.length; i += 2) {
        if (pairs[i].equals(column.name())) {
          value = pairs[i + 1];
        }
      }
      values.add(value);
    }
    return String.join(", ", values);
  }

  static void create() throws SQLException {
    drop();
    String columns =
        COLUMNS.stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "));
    PostgresFixture.execute(
        "CREATE TYPE " + ENUM + " AS ENUM ('sad', 'happy')",
        "CREATE DOMAIN " + DOMAIN + " AS int4 CHECK (VALUE > 0)",
        "CREATE TABLE " + TABLE + " (id int4 PRIMARY KEY, " + columns + ")",
        "INSERT INTO " + TABLE + " VALUES (" + String.join("), (", ROWS) + ")");
  }

  static void drop() throws SQLException {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "DROP DOMAIN IF EXISTS " + DOMAIN,
        "DROP TYPE IF EXISTS " + ENUM);
  }

  static int rowCount() {
    return ROWS.size();
  }
}
