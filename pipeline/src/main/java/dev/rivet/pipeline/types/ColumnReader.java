package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.source.SourceKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads one column of the current row as the Java value its {@link LogicalKind} documents, exactly
 * (never rounded), applying the {@link ValuePolicies} to PostgreSQL's infinite and MySQL's zero
 * dates and timestamps. Returns null for SQL NULL. Not thread-safe: it counts warnings into the
 * given {@link WarningCounts}.
 */
public final class ColumnReader {
  private static final LocalDate CLAMP_DATE_MAX = LocalDate.of(9999, 12, 31);
  private static final LocalDate CLAMP_DATE_MIN = LocalDate.of(1, 1, 1);
  private static final LocalDateTime CLAMP_TIMESTAMP_MAX =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000);
  private static final LocalDateTime CLAMP_TIMESTAMP_MIN = LocalDateTime.of(1, 1, 1, 0, 0);
  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final DateTimeFormatter TIMETZ_TEXT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .appendOffset("+HH:MM:ss", "+00:00")
          .toFormatter(Locale.ROOT);

  private final ColumnType type;
  private final int index;
  private final String label;
  private final InfinityPolicy policy;
  private final WarningCounts warnings;
  private final ColumnReader element;
  private final MySqlValueReader mysql;

  /**
   * @param index the 1-based column index in the result set
   */
  public ColumnReader(ColumnType type, int index, ValuePolicies policies, WarningCounts warnings) {
    this(
        type,
        index,
        "column '" + type.name() + "' (" + type.sourceType() + ")",
        policies,
        warnings);
  }

  private ColumnReader(
      ColumnType type, int index, String label, ValuePolicies policies, WarningCounts warnings) {
    this.type = Objects.requireNonNull(type, "type");
    this.index = index;
    this.label = label;
    this.policy = policies.onInfinity();
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    this.mysql =
        type.dialect() == SourceKind.MYSQL
            ? new MySqlValueReader(index, label, policies.onZeroDate(), warnings)
            : null;
    // PgArray#getResultSet has the element in column 2 (column 1 is its index).
    this.element =
        type.element() == null
            ? null
            : new ColumnReader(type.element(), 2, "element of " + label, policies, warnings);
  }

  public ColumnType type() {
    return type;
  }

  /** The value of this column in the result set's current row, or null. */
  public Object read(ResultSet rs) throws SQLException {
    switch (type.kind()) {
      case BOOLEAN:
        if (mysql != null) {
          return mysql.flag(rs);
        }
        boolean b = rs.getBoolean(index);
        return rs.wasNull() ? null : b;
      case INT8:
        byte t = rs.getByte(index);
        return rs.wasNull() ? null : t;
      case INT16:
        short s = rs.getShort(index);
        return rs.wasNull() ? null : s;
      case INT32:
        int i = rs.getInt(index);
        return rs.wasNull() ? null : i;
      case INT64:
        long l = rs.getLong(index);
        return rs.wasNull() ? null : l;
      case FLOAT:
        float f = rs.getFloat(index);
        return rs.wasNull() ? null : f;
      case DOUBLE:
        double d = rs.getDouble(index);
        return rs.wasNull() ? null : d;
      case DECIMAL:
        return decimal(rs.getString(index));
      case NUMERIC_TEXT:
        return plainNumeric(rs.getString(index));
      case STRING:
      case JSON:
        return rs.getString(index);
      case TIMETZ:
        return timetz(rs);
      case BYTES:
        return rs.getBytes(index);
      case UUID:
        return rs.getObject(index, UUID.class);
      case DATE:
        return mysql != null ? mysql.date(rs) : date(rs.getObject(index, LocalDate.class));
      case TIME:
        return time(rs.getObject(index, LocalTime.class));
      case TIMESTAMP:
        return mysql != null
            ? mysql.dateTime(rs)
            : timestamp(rs.getObject(index, LocalDateTime.class));
      case TIMESTAMPTZ:
        return mysql != null
            ? mysql.instant(rs)
            : timestamptz(rs.getObject(index, OffsetDateTime.class));
      case LIST:
        return list(rs.getArray(index));
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  /** In binary transfer pgjdbc prints numerics as BigDecimal#toString, e.g. {@code 1E-20}. */
  private static String plainNumeric(String text) {
    return text == null || text.indexOf('E') < 0 ? text : new BigDecimal(text).toPlainString();
  }

  private BigDecimal decimal(String text) {
    if (text == null) {
      return null;
    }
    if (text.equals("NaN") || text.endsWith("Infinity")) {
      throw new RivetException(
          FailureKind.DATA,
          label
              + " holds "
              + text
              + ", which a DECIMAL("
              + type.precision()
              + ","
              + type.scale()
              + ") cannot represent",
          "export the column as text (e.g. SELECT col::text AS col in a query export) or remove"
              + " the "
              + text
              + " values");
    }
    try {
      BigDecimal value = new BigDecimal(text).setScale(type.scale(), RoundingMode.UNNECESSARY);
      if (value.precision() > type.precision()) {
        throw new ArithmeticException("precision " + value.precision());
      }
      return value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new RivetException(
          FailureKind.DATA,
          label
              + " holds "
              + text
              + ", which does not fit DECIMAL("
              + type.precision()
              + ","
              + type.scale()
              + ")",
          "export the column as text (col::text in a query export)",
          e);
    }
  }

  /**
   * The driver's {@link OffsetTime} keeps the source offset in both text and binary transfer (its
   * {@code getString} normalizes binary values to UTC), except for 24:00:00, which it returns as
   * {@link OffsetTime#MAX} in text transfer; then the text itself is exact.
   */
  private String timetz(ResultSet rs) throws SQLException {
    OffsetTime value;
    try {
      value = rs.getObject(index, OffsetTime.class);
    } catch (DateTimeException e) {
      throw new RivetException(
          FailureKind.DATA,
          label + " holds 24:00:00, which the driver cannot decode in binary transfer",
          "disable binary transfer for timetz (connection property binaryTransferDisable=TIMETZ)",
          e);
    }
    if (value == null) {
      return null;
    }
    if (value.equals(OffsetTime.MAX)) {
      String text = rs.getString(index);
      int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
      // PostgreSQL prints whole-hour offsets as +05; ISO-8601 text here uses +05:00.
      return text.length() - sign == 3 ? text + ":00" : text;
    }
    return TIMETZ_TEXT.format(value);
  }

  /** pgjdbc returns 24:00:00, which java.time lacks, as {@link LocalTime#MAX}. */
  private static Long time(LocalTime value) {
    if (value == null) {
      return null;
    }
    return value.equals(LocalTime.MAX) ? MICROS_PER_DAY : value.toNanoOfDay() / 1_000;
  }

  private LocalDate date(LocalDate value) {
    if (value == null || !(value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN))) {
      return value;
    }
    boolean positive = value.equals(LocalDate.MAX);
    return infinite(positive) ? (positive ? CLAMP_DATE_MAX : CLAMP_DATE_MIN) : null;
  }

  private LocalDateTime timestamp(LocalDateTime value) {
    if (value == null || !(value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN))) {
      return value;
    }
    boolean positive = value.equals(LocalDateTime.MAX);
    return infinite(positive) ? (positive ? CLAMP_TIMESTAMP_MAX : CLAMP_TIMESTAMP_MIN) : null;
  }

  private Instant timestamptz(OffsetDateTime value) {
    if (value == null) {
      return null;
    }
    if (!(value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN))) {
      return value.toInstant();
    }
    boolean positive = value.equals(OffsetDateTime.MAX);
    return infinite(positive)
        ? (positive ? CLAMP_TIMESTAMP_MAX : CLAMP_TIMESTAMP_MIN).toInstant(ZoneOffset.UTC)
        : null;
  }

  /** Applies the policy to one infinite value: true to clamp, false to write NULL. */
  private boolean infinite(boolean positive) {
    switch (policy) {
      case CLAMP:
        warnings.increment(WarningCounts.INFINITY_CLAMPED);
        return true;
      case NULL:
        warnings.increment(WarningCounts.INFINITY_NULLED);
        return false;
      case FAIL:
      default:
        throw new RivetException(
            FailureKind.DATA,
            label
                + " holds "
                + (positive ? "infinity" : "-infinity")
                + ", which Parquet and ISO-8601 cannot represent",
            "set on_infinity to clamp (writes 9999-12-31 / 0001-01-01) or null in the export");
    }
  }

  private List<Object> list(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    try (ResultSet elements = array.getResultSet()) {
      if (elements.getMetaData().getColumnType(2) == Types.ARRAY) {
        throw new RivetException(
            FailureKind.DATA,
            label + " holds a multi-dimensional array, which is written only as a flat list",
            "export it as JSON text (SELECT to_json(col)::text AS col in a query export)");
      }
      List<Object> values = new ArrayList<>();
      while (elements.next()) {
        values.add(element.read(elements));
      }
      return values;
    } finally {
      array.free();
    }
  }
}
