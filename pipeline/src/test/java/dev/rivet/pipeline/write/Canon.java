package dev.rivet.pipeline.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The test oracle: one canonical Java value per source value, computed independently from JDBC,
 * from PostgreSQL array-element text, from CSV text and from decoded Parquet values, so the four
 * can be compared with {@code equals}. Infinite dates and timestamps expect the CLAMP policy.
 */
enum Canon {
  INT,
  LONG,
  FLOAT,
  DOUBLE,
  BOOL,
  DECIMAL,
  TEXT,
  BYTES,
  UUID,
  DATE,
  TIME_MICROS,
  TIMESTAMP,
  INSTANT,
  OFFSET_TIME,
  JSON_ELEMENT;

  static final ObjectMapper JSON = new ObjectMapper();
  static final LocalDate DATE_MAX = LocalDate.of(9999, 12, 31);
  static final LocalDate DATE_MIN = LocalDate.of(1, 1, 1);
  static final LocalDateTime TS_MAX = LocalDateTime.parse("9999-12-31T23:59:59.999999");
  static final LocalDateTime TS_MIN = LocalDateTime.parse("0001-01-01T00:00:00");

  /** The value JDBC returns for column {@code col} of the current row. */
  Object expected(ResultSet rs, String col) throws SQLException {
    String text = rs.getString(col);
    if (text == null) {
      return null;
    }
    switch (this) {
      case INT:
        return rs.getInt(col);
      case LONG:
        return rs.getLong(col);
      case FLOAT:
        return rs.getFloat(col);
      case DOUBLE:
        return rs.getDouble(col);
      case BOOL:
        return rs.getBoolean(col);
      case DECIMAL:
        return rs.getBigDecimal(col);
      case BYTES:
        return HexFormat.of().formatHex(rs.getBytes(col));
      case UUID:
        return rs.getObject(col, java.util.UUID.class);
      case DATE:
        return text.endsWith("infinity") ? clampDate(text) : rs.getObject(col, LocalDate.class);
      case TIME_MICROS:
        return text.equals("24:00:00")
            ? 86_400_000_000L
            : rs.getObject(col, LocalTime.class).toNanoOfDay() / 1000;
      case TIMESTAMP:
        return text.endsWith("infinity") ? clampTs(text) : rs.getObject(col, LocalDateTime.class);
      case INSTANT:
        return text.endsWith("infinity")
            ? clampTs(text).toInstant(ZoneOffset.UTC)
            : rs.getObject(col, OffsetDateTime.class).toInstant();
      case OFFSET_TIME:
        return rs.getObject(col, OffsetTime.class);
      default:
        return text;
    }
  }

  /** The value of one element of PostgreSQL's array text (from {@code Array#getResultSet}). */
  Object fromPgText(String text) {
    if (text == null) {
      return null;
    }
    switch (this) {
      case INT:
        return Integer.valueOf(text);
      case DOUBLE:
        return Double.valueOf(text);
      case BOOL:
        return text.equals("t");
      case UUID:
        return java.util.UUID.fromString(text);
      case DATE:
        if (text.endsWith("infinity")) {
          return clampDate(text);
        }
        if (text.endsWith(" BC")) {
          LocalDate bc = LocalDate.parse(text.substring(0, text.length() - 3));
          return bc.withYear(1 - bc.getYear());
        }
        return LocalDate.parse(text);
      case TIMESTAMP:
        return text.endsWith("infinity")
            ? clampTs(text)
            : LocalDateTime.parse(text.replace(' ', 'T'));
      case INSTANT:
        return text.endsWith("infinity")
            ? clampTs(text).toInstant(ZoneOffset.UTC)
            : OffsetDateTime.parse(text.replace(' ', 'T') + ":00").toInstant();
      case JSON_ELEMENT:
        return tree(text);
      default:
        return text;
    }
  }

  /** The value a CSV field's text stands for. */
  Object fromCsv(String text) {
    if (text == null) {
      return null;
    }
    switch (this) {
      case INT:
        return Integer.valueOf(text);
      case LONG:
        return Long.valueOf(text);
      case FLOAT:
        return Float.valueOf(text);
      case DOUBLE:
        return Double.valueOf(text);
      case BOOL:
        if (!text.equals("true") && !text.equals("false")) {
          throw new AssertionError("not a CSV boolean: " + text);
        }
        return Boolean.valueOf(text);
      case DECIMAL:
        return new java.math.BigDecimal(text);
      case BYTES:
        if (!text.startsWith("\\x")) {
          throw new AssertionError("bytea text must start with \\x: " + text);
        }
        return text.substring(2);
      case UUID:
        return java.util.UUID.fromString(text);
      case DATE:
        return LocalDate.parse(text);
      case TIME_MICROS:
        return text.equals("24:00:00")
            ? 86_400_000_000L
            : LocalTime.parse(text).toNanoOfDay() / 1000;
      case TIMESTAMP:
        return LocalDateTime.parse(text);
      case INSTANT:
        if (!text.endsWith("Z")) {
          throw new AssertionError("timestamptz text must be UTC with Z: " + text);
        }
        return Instant.parse(text);
      case OFFSET_TIME:
        return OffsetTime.parse(text);
      case JSON_ELEMENT:
        return tree(text);
      default:
        return text;
    }
  }

  /** The value of one element of a CSV JSON array. */
  Object fromCsvJson(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    switch (this) {
      case INT:
        return node.intValue();
      case DOUBLE:
        return node.isNumber() ? node.doubleValue() : Double.valueOf(node.textValue());
      case BOOL:
        return node.booleanValue();
      case JSON_ELEMENT:
        if (!node.isTextual()) {
          throw new AssertionError("a JSON element is written as a JSON string, not " + node);
        }
        return tree(node.textValue());
      default:
        return fromCsv(node.textValue());
    }
  }

  /** The value of a decoded Parquet value (see {@link ParquetReadBack}). */
  Object fromParquet(Object value) {
    if (value == null) {
      return null;
    }
    switch (this) {
      case BYTES:
        return HexFormat.of().formatHex((byte[]) value);
      case OFFSET_TIME:
        return OffsetTime.parse((String) value);
      case JSON_ELEMENT:
        return tree((String) value);
      default:
        return value;
    }
  }

  private static LocalDate clampDate(String text) {
    return text.toLowerCase(Locale.ROOT).startsWith("-") ? DATE_MIN : DATE_MAX;
  }

  private static LocalDateTime clampTs(String text) {
    return text.startsWith("-") ? TS_MIN : TS_MAX;
  }

  private static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
