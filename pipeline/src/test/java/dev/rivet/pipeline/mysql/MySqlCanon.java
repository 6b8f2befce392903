package dev.rivet.pipeline.mysql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The test oracle for MySQL values: one canonical Java value per source value, computed
 * independently from the server's own text (see {@link MySqlColumn#oracle()}), from CSV text and
 * from decoded Parquet values, so the three can be compared with {@code equals}. Zero dates
 * canonicalise to null, as the {@code null} zero-date policy writes them.
 */
enum MySqlCanon {
  BOOL,
  INTEGER,
  DECIMAL,
  TEXT,
  FLOAT,
  DOUBLE,
  BYTES,
  UTF8,
  DATE,
  DATETIME,
  INSTANT,
  UUID;

  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern ZERO_DATE = Pattern.compile("\\d{4}-(00-\\d\\d|\\d\\d-00).*");

  /** Whether the server text of a date, datetime or timestamp is a (partly) zero date. */
  static boolean isZeroDate(String serverText) {
    return serverText != null && ZERO_DATE.matcher(serverText).matches();
  }

  boolean isTemporal() {
    return this == DATE || this == DATETIME || this == INSTANT;
  }

  /** The value the server's oracle text stands for. */
  Object fromServer(String text) {
    if (text == null || (isTemporal() && isZeroDate(text))) {
      return null;
    }
    switch (this) {
      case BOOL:
        if (!text.equals("0") && !text.equals("1")) {
          throw new AssertionError("not a MySQL flag: " + text);
        }
        return text.equals("1");
      case INTEGER:
        return Long.valueOf(text);
      case DECIMAL:
        return new BigDecimal(text);
      case FLOAT:
        // The oracle is CAST(col AS DOUBLE): the stored float widened exactly.
        return (float) Double.parseDouble(text);
      case DOUBLE:
        return Double.valueOf(text);
      case BYTES:
        return text.toLowerCase(Locale.ROOT);
      case UUID:
        return java.util.UUID.fromString(text);
      case UTF8:
        return new String(HEX.parseHex(text), StandardCharsets.UTF_8);
      case DATE:
        return LocalDate.parse(text);
      case DATETIME:
        return LocalDateTime.parse(text.replace(' ', 'T'));
      case INSTANT:
        // The oracle is UNIX_TIMESTAMP(col): seconds since the epoch with the fraction.
        BigDecimal seconds = new BigDecimal(text);
        long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValueExact();
        return Instant.ofEpochSecond(whole, nanos);
      default:
        return text;
    }
  }

  /** The value of a decoded Parquet value (see {@code ParquetReadBack}). */
  Object fromParquet(Object value) {
    if (value == null) {
      return null;
    }
    switch (this) {
      case INTEGER:
        return ((Number) value).longValue();
      case BYTES:
        return HEX.formatHex((byte[]) value);
      default:
        return value;
    }
  }

  /** The value a CSV field's text stands for, checking the documented text form. */
  Object fromCsv(String text) {
    if (text == null) {
      return null;
    }
    switch (this) {
      case BOOL:
        if (!text.equals("true") && !text.equals("false")) {
          throw new AssertionError("not a CSV boolean: " + text);
        }
        return Boolean.valueOf(text);
      case INTEGER:
        return Long.valueOf(text);
      case DECIMAL:
        if (text.contains("E") || text.contains("e")) {
          throw new AssertionError("decimal text must be plain: " + text);
        }
        return new BigDecimal(text);
      case FLOAT:
        return Float.valueOf(text);
      case DOUBLE:
        return Double.valueOf(text);
      case BYTES:
        if (!text.startsWith("\\x")) {
          throw new AssertionError("bytes text must start with \\x: " + text);
        }
        return text.substring(2);
      case DATE:
        return LocalDate.parse(text);
      case DATETIME:
        return LocalDateTime.parse(text);
      case UUID:
        if (!text.equals(text.toLowerCase(Locale.ROOT)) || text.length() != 36) {
          throw new AssertionError("uuid text must be the lowercase canonical form: " + text);
        }
        return java.util.UUID.fromString(text);
      case INSTANT:
        if (!text.endsWith("Z")) {
          throw new AssertionError("timestamp text must be UTC with Z: " + text);
        }
        return Instant.parse(text);
      default:
        return text;
    }
  }
}
