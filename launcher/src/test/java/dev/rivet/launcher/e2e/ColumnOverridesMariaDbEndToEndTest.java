package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** {@link ColumnOverridesContract} on MariaDB: overrides cast in the chunk query. */
@Tag("slow")
@Timeout(300)
class ColumnOverridesMariaDbEndToEndTest extends ColumnOverridesContract {
  private static final String DB = "overrides_my";
  private static final String TABLE = DB + ".src";

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
        "CREATE TABLE "
            + TABLE
            + " (id INT PRIMARY KEY, c_int INT, c_num DECIMAL(12,4), c_num2 DECIMAL(12,4),"
            + " c_ts DATETIME(6), c_tstz TIMESTAMP(6) NULL, c_tsd DATETIME, c_uuid CHAR(36),"
            + " c_json TEXT, c_txt INT, c_bin VARCHAR(50)) CHARACTER SET utf8mb4",
        "SET time_zone = '+00:00'",
        "INSERT INTO "
            + TABLE
            + " VALUES (1, 2147483647, 12345678.1234, 0.1, '1000-01-01 00:00:00.000001',"
            + " '2024-03-10 01:30:00.5', '2024-02-29 23:59:59',"
            + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{\"a\": [1, 2.50, null]}', -7,"
            + " 'grüße €'),"
            + " (2, -2147483648, -0.0001, -12345678.9999, '9999-12-31 23:59:59.999999',"
            + " '1970-01-01 00:00:01', '1969-12-31 23:59:59',"
            + " '00000000-0000-0000-0000-000000000000', '\"text\"', 0, ''),"
            + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @Override
  String sourceYaml() {
    return TestMariaDb.sourceYaml();
  }

  @Override
  Connection connect() throws SQLException {
    return TestMariaDb.connect();
  }

  @Override
  void prepare(Statement statement) throws SQLException {
    statement.execute("SET time_zone = '+00:00'");
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

  private static String micros(String column) {
    return "CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + column + ") AS CHAR)";
  }

  @Override
  List<Column> columns() {
    return List.of(
        new Column("c_int", "int64", "CAST(c_int AS CHAR)", Canon.LONG, "INT64", "exact"),
        new Column(
            "c_num",
            "decimal(14,4)",
            "CAST(c_num AS CHAR)",
            Canon.DECIMAL,
            "INT64 DECIMAL(14,4)",
            "exact"),
        new Column("c_num2", "float64", "CAST(c_num2 AS DOUBLE)", Canon.DOUBLE, "DOUBLE", "lossy"),
        new Column(
            "c_ts",
            "timestamptz",
            micros("c_ts"),
            Canon.MICROS,
            "INT64 TIMESTAMP(MICROS,true)",
            "compatible"),
        new Column(
            "c_tstz",
            "timestamp",
            micros("c_tstz"),
            Canon.MICROS,
            "INT64 TIMESTAMP(MICROS,false)",
            "lossy"),
        new Column(
            "c_tsd",
            "date",
            "CAST(DATEDIFF(c_tsd, '1970-01-01') AS CHAR)",
            Canon.DAYS,
            "INT32 DATE",
            "lossy"),
        new Column(
            "c_uuid", "uuid", "LOWER(c_uuid)", Canon.UUID, "FIXED_LEN_BYTE_ARRAY UUID", "lossy"),
        new Column("c_json", "json", "c_json", Canon.TEXT, "BINARY JSON", "lossy"),
        new Column(
            "c_txt", "text", "CAST(c_txt AS CHAR)", Canon.TEXT, "BINARY STRING", "compatible"),
        new Column(
            "c_bin",
            "binary",
            "CONCAT('\\\\x', LOWER(HEX(c_bin)))",
            Canon.HEX,
            "BINARY",
            "compatible"));
  }
}
