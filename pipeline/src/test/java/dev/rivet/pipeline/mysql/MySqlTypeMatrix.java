package dev.rivet.pipeline.mysql;

import static dev.rivet.pipeline.mysql.MySqlColumn.fixed;
import static dev.rivet.pipeline.mysql.MySqlColumn.of;
import static dev.rivet.pipeline.mysql.MySqlColumn.spatial;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * The MySQL type-matrix fixture: every mapped MySQL/MariaDB type with edge values, inserted with
 * {@code sql_mode = ''} (so zero dates are accepted) from a session in time zone +05:30.
 */
final class MySqlTypeMatrix {
  static final String TABLE = "rivet_types_mysql_matrix";
  static final String QUALIFIED = MariaDbFixture.DATABASE + "." + TABLE;
  static final String INSERT_ZONE = "+05:30";

  private static final LogicalTypeAnnotation STRING = LogicalTypeAnnotation.stringType();
  private static final String TEXT = "CAST(%s AS CHAR)";
  private static final String HEX = "HEX(%s)";

  static final List<MySqlColumn> COLUMNS =
      List.of(
          of("c_tinyint", "tinyint", TEXT, MySqlCanon.INTEGER, INT32, intType(8)),
          of("c_tinyint_u", "tinyint unsigned", TEXT, MySqlCanon.INTEGER, INT32, intType(16)),
          of("c_tinyint1", "tinyint(1)", TEXT, MySqlCanon.BOOL, BOOLEAN, null),
          of("c_boolean", "boolean", TEXT, MySqlCanon.BOOL, BOOLEAN, null),
          of("c_smallint", "smallint", TEXT, MySqlCanon.INTEGER, INT32, intType(16)),
          of("c_smallint_u", "smallint unsigned", TEXT, MySqlCanon.INTEGER, INT32, null),
          of("c_mediumint", "mediumint", TEXT, MySqlCanon.INTEGER, INT32, null),
          of("c_mediumint_u", "mediumint unsigned", TEXT, MySqlCanon.INTEGER, INT32, null),
          of("c_int", "int", TEXT, MySqlCanon.INTEGER, INT32, null),
          of("c_int_u", "int unsigned", TEXT, MySqlCanon.INTEGER, INT64, null),
          of("c_bigint", "bigint", TEXT, MySqlCanon.INTEGER, INT64, null),
          fixed(
              "c_bigint_u",
              "bigint unsigned",
              MySqlCanon.DECIMAL,
              9,
              LogicalTypeAnnotation.decimalType(0, 20)),
          of("c_dec65", "decimal(65,30)", TEXT, MySqlCanon.TEXT, BINARY, STRING),
          fixed(
              "c_dec38",
              "decimal(38,10)",
              MySqlCanon.DECIMAL,
              16,
              LogicalTypeAnnotation.decimalType(10, 38)),
          of(
              "c_dec18",
              "decimal(18,4)",
              TEXT,
              MySqlCanon.DECIMAL,
              INT64,
              LogicalTypeAnnotation.decimalType(4, 18)),
          of(
              "c_dec9",
              "decimal(9,2)",
              TEXT,
              MySqlCanon.DECIMAL,
              INT32,
              LogicalTypeAnnotation.decimalType(2, 9)),
          of("c_float", "float", "CAST(%s AS DOUBLE)", MySqlCanon.FLOAT, FLOAT, null),
          of("c_double", "double", TEXT, MySqlCanon.DOUBLE, DOUBLE, null),
          of("c_bit1", "bit(1)", "CAST(%s + 0 AS CHAR)", MySqlCanon.BOOL, BOOLEAN, null),
          of("c_bit64", "bit(64)", "LPAD(HEX(%s), 16, '0')", MySqlCanon.BYTES, BINARY, null),
          of("c_bit5", "bit(5)", "LPAD(HEX(%s), 2, '0')", MySqlCanon.BYTES, BINARY, null),
          of("c_year", "year", TEXT, MySqlCanon.INTEGER, INT32, intType(16)),
          of("c_date", "date", TEXT, MySqlCanon.DATE, INT32, LogicalTypeAnnotation.dateType()),
          of("c_datetime6", "datetime(6)", TEXT, MySqlCanon.DATETIME, INT64, timestamp(false)),
          of("c_datetime", "datetime", TEXT, MySqlCanon.DATETIME, INT64, timestamp(false)),
          of(
              "c_timestamp6",
              "timestamp(6) NULL DEFAULT NULL",
              "IF(%1$s = 0, '0000-00-00', UNIX_TIMESTAMP(%1$s))",
              MySqlCanon.INSTANT,
              INT64,
              timestamp(true)),
          of("c_time", "time", TEXT, MySqlCanon.TEXT, BINARY, STRING),
          of("c_time6", "time(6)", TEXT, MySqlCanon.TEXT, BINARY, STRING),
          of("c_char", "char(5)", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_varchar", "varchar(40)", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_text", "text", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_longtext", "longtext", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_binary", "binary(3)", HEX, MySqlCanon.BYTES, BINARY, null),
          of("c_varbinary", "varbinary(8)", HEX, MySqlCanon.BYTES, BINARY, null),
          of("c_blob", "blob", HEX, MySqlCanon.BYTES, BINARY, null),
          // MySQL 8 reports JSON; MariaDB stores JSON as LONGTEXT (see jsonAnnotation).
          of("c_json", "json", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_enum", "enum('a','b','😀')", HEX, MySqlCanon.UTF8, BINARY, STRING),
          of("c_set", "set('x','y','z')", HEX, MySqlCanon.UTF8, BINARY, STRING),
          spatial("c_point", "point"),
          spatial("c_polygon", "polygon"),
          spatial("c_geometry", "geometry"),
          // MariaDB 10.7+: the UUID logical type, as PostgreSQL's uuid.
          fixed("c_uuid", "uuid", MySqlCanon.UUID, 16, LogicalTypeAnnotation.uuidType()),
          // MariaDB 10.5+: INET6 arrives as the server's canonical text (CAST(col AS CHAR)).
          of("c_inet6", "inet6", TEXT, MySqlCanon.TEXT, BINARY, STRING));

  private static final String DEC65 =
      "99999999999999999999999999999999999.999999999999999999999999999999";
  private static final String DEC38 = "9999999999999999999999999999.9999999999";
  private static final String POLYGON =
      "ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))')";

  // One VALUES tuple per row, in COLUMNS order after id.
  private static final List<String> ROWS =
      List.of(
          // minimums, empty values, the first TIMESTAMP (1970-01-01 00:00:01 UTC in +05:30)
          "1, -128, 0, 0, false, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
              + " '-"
              + DEC65
              + "', '-"
              + DEC38
              + "', -9999999.99, -99999999999999.9999,"
              + " -3.40282e38, -1.7976931348623157e308, b'0', b'0', b'00000', 1901,"
              + " '1000-01-01', '1000-01-01 00:00:00.000000', '1000-01-01 00:00:00',"
              + " '1970-01-01 05:30:01', '-838:59:59', '-838:59:59.000000', '', '', '', '',"
              + " x'', x'', x'', '{}', 'a', '', ST_GeomFromText('POINT(0 0)'),"
              + " ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), ST_GeomFromText('POINT(0 0)'),"
              + " '00000000-0000-0000-0000-000000000000', '::'",
          // maximums, 4-byte UTF-8, zero bytes, the last TIMESTAMP (2038-01-19 03:14:07.999999 UTC)
          "2, 127, 255, 1, true, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,"
              + " 9223372036854775807, 18446744073709551615, '"
              + DEC65
              + "', '"
              + DEC38
              + "',"
              + " 9999999.99, 99999999999999.9999, 3.40282e38, 1.7976931348623157e308, b'1',"
              + " b'1111111111111111111111111111111111111111111111111111111111111111', b'11111',"
              + " 2155, '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59',"
              + " '2038-01-19 08:44:07.999999', '838:59:59', '838:59:59.000000', '😀ab',"
              + " 'a,\"b\"\\nc 😀🎉', 'emoji 😀 CJK 漢字 combining e\u0301', REPEAT('😀', 1000),"
              + " x'000000', x'00ff00', x'00000000ff', '[1, \"x\", {\"k\": [true, null]}]', '😀',"
              + " 'x,y,z', ST_GeomFromText('POINT(1.5 -2.25)'), "
              + POLYGON
              + ", "
              + POLYGON
              + ", 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
              + " '2001:0db8:85a3:0000:0000:8a2e:0370:7334'",
          // NULL in every column
          sparse(3),
          // zero dates, negative zero (MariaDB stores 0), > 24 h and tiny TIME values
          sparse(
              4,
              "c_tinyint1",
              "0",
              "c_float",
              "-0e0",
              "c_double",
              "-0e0",
              "c_dec38",
              "'0.0000000001'",
              "c_dec65",
              "'-0.000000000000000000000000000001'",
              "c_date",
              "'0000-00-00'",
              "c_datetime6",
              "'0000-00-00 00:00:00'",
              "c_datetime",
              "'0000-00-00 00:00:00'",
              "c_timestamp6",
              "'0000-00-00 00:00:00'",
              "c_time",
              "'25:00:00'",
              "c_time6",
              "'-00:00:00.000001'",
              "c_varchar",
              "' tail space '",
              "c_json",
              "'null'",
              "c_set",
              "'x,z'"),
          // dates with a zero month or day (accepted without NO_ZERO_IN_DATE), subnormal floats
          sparse(
              5,
              "c_float",
              "1.4e-45",
              "c_double",
              "4.9e-324",
              "c_date",
              "'2020-00-15'",
              "c_datetime6",
              "'2020-05-00 10:00:00.5'",
              "c_datetime",
              "'2020-00-00 00:00:00'",
              "c_time6",
              "'00:00:00.000001'"),
          // microseconds around the epoch, a wall-clock time skipped by daylight saving in Europe
          sparse(
              6,
              "c_float",
              "16777217",
              "c_double",
              "0.1",
              "c_date",
              "'1970-01-01'",
              "c_datetime6",
              "'2021-03-28 02:30:00.000001'",
              "c_datetime",
              "'1969-12-31 23:59:59'",
              "c_timestamp6",
              "'1970-01-01 05:30:01.000001'",
              "c_time",
              "'00:00:00'",
              "c_uuid",
              "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
              "c_inet6",
              "'::ffff:192.0.2.1'"),
          // IPv6 written in capitals with every group, the IPv4-mapped form written as hex
          sparse(7, "c_inet6", "'FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF'"),
          sparse(8, "c_inet6", "'::ffff:c000:0201'"));

  private MySqlTypeMatrix() {}

  private static LogicalTypeAnnotation intType(int bits) {
    return LogicalTypeAnnotation.intType(bits, true);
  }

  private static LogicalTypeAnnotation timestamp(boolean utc) {
    return LogicalTypeAnnotation.timestampType(utc, TimeUnit.MICROS);
  }

  /** A row with the given column=value pairs and NULL everywhere else. */
  private static String sparse(int id, String... pairs) {
    List<String> values = new ArrayList<>();
    values.add(String.valueOf(id));
    for (MySqlColumn column : COLUMNS) {
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
    String columns =
        COLUMNS.stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "));
    MariaDbFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, "
            + columns
            + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        "SET SESSION sql_mode = ''",
        "SET SESSION time_zone = '" + INSERT_ZONE + "'",
        "INSERT INTO " + TABLE + " VALUES (" + String.join("), (", ROWS) + ")");
  }

  static void drop() throws SQLException {
    MariaDbFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  static int rowCount() {
    return ROWS.size();
  }

  /** The query that reads every column's oracle text from the server, in id order. */
  static String oracleQuery() {
    return "SELECT id, "
        + COLUMNS.stream().map(MySqlColumn::oracleExpression).collect(Collectors.joining(", "))
        + " FROM "
        + QUALIFIED
        + " ORDER BY id";
  }
}
