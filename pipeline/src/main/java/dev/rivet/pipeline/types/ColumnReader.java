package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads one column of the current row as the Java value its {@link LogicalKind} documents, exactly
 * (never rounded). Values whose decoding is the driver's own (flags, dates, times, arrays) are read
 * by the source's {@link SourceValueReader}, which applies the {@link ValuePolicies} to values that
 * are not calendar dates. Returns null for SQL NULL. Not thread-safe: it counts warnings into the
 * given {@link WarningCounts}.
 */
public final class ColumnReader {
  private final ColumnType type;
  private final int index;
  private final String label;
  private final SourceValueReader source;
  private final ColumnReader[] fields;

  private static final int MAX_LONG_DIGITS = 18;
  private static final long[] POWERS_OF_TEN = new long[MAX_LONG_DIGITS + 1];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * @param index the 1-based column index in the result set
   */
  public ColumnReader(ColumnType type, int index, ValuePolicies policies, WarningCounts warnings) {
    this(ColumnSlot.of(type, index, policies, warnings));
  }

  /** A reader of a column of any kind but STRUCT (whose fields {@link ResultLayout} places). */
  public ColumnReader(ColumnSlot column) {
    this(column, null);
  }

  /**
   * @param fields the readers of a STRUCT column's fields, each at its own index of the result
   */
  ColumnReader(ColumnSlot column, ColumnReader[] fields) {
    this.type = column.type();
    this.index = column.index();
    this.label = column.label();
    this.source = SourceTypes.of(type.dialect()).reader(column);
    this.fields = fields;
  }

  public ColumnType type() {
    return type;
  }

  /** The 1-based index of the column in its row. */
  public int index() {
    return index;
  }

  /** The value of this column in the result set's current row, or null. */
  public Object read(ResultSet rs) throws SQLException {
    switch (type.kind()) {
      case BOOLEAN:
        return source.bool(rs);
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
        return source.timetz(rs);
      case BYTES:
        return rs.getBytes(index);
      case GEOMETRY:
        return source.geometry(rs);
      case UUID:
        return rs.getObject(index, UUID.class);
      case DATE:
        return source.date(rs);
      case TIME:
        return source.time(rs);
      case TIMESTAMP:
        return source.timestamp(rs);
      case TIMESTAMPTZ:
        return source.timestamptz(rs);
      case LIST:
        return source.list(rs);
      case MAP:
        return source.map(rs);
      case STRUCT:
        return struct(rs);
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  /**
   * The composite's fields, each from its own column of the result; null when the composite itself
   * is NULL (a composite whose every field is NULL is not: its text is e.g. {@code (,)}).
   */
  private StructValue struct(ResultSet rs) throws SQLException {
    if (fields == null) {
      throw new IllegalStateException(label + " is a struct: read it through ResultLayout");
    }
    String text = rs.getString(index);
    if (text == null) {
      return null;
    }
    List<Object> values = new ArrayList<>(fields.length);
    for (ColumnReader field : fields) {
      values.add(field.read(rs));
    }
    return new StructValue(text, values);
  }

  /**
   * The value of one field of the source's {@link BinaryRead} ({@code length} -1 for NULL): the
   * same value {@link #read} returns for it through JDBC.
   */
  public Object decode(byte[] bytes, int offset, int length) {
    if (length < 0) {
      return null;
    }
    Object value = source.binary(bytes, offset, length);
    switch (type.kind()) {
      case DECIMAL:
        return value instanceof BigDecimal number ? fit(number, null) : decimal((String) value);
      case NUMERIC_TEXT:
        return value instanceof BigDecimal number ? number.toPlainString() : value;
      default:
        return value;
    }
  }

  /**
   * The value of plain decimal text ({@code -12.5}) at the column's scale, without BigInteger
   * arithmetic, when it has at most 18 digits at that scale and fits the precision; otherwise null,
   * and the general parse decides (and explains what does not fit). Drivers print DECIMAL columns
   * this way, so this is the path of nearly every value.
   */
  static BigDecimal plainDecimal(String text, int precision, int scale) {
    int length = text.length();
    int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
    long unscaled = 0;
    boolean digits = false;
    int significant = 0;
    int fraction = -1;
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
        if ((unscaled != 0 || c != '0') && ++significant > MAX_LONG_DIGITS) {
          return null;
        }
        unscaled = unscaled * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return null;
      }
    }
    int fractionDigits = Math.max(fraction, 0);
    if (!digits || fraction == 0 || fractionDigits > scale || precision > MAX_LONG_DIGITS) {
      return null;
    }
    for (int i = fractionDigits; i < scale; i++) {
      if (unscaled >= POWERS_OF_TEN[MAX_LONG_DIGITS - 1]) {
        return null;
      }
      unscaled *= 10;
    }
    if (unscaled >= POWERS_OF_TEN[precision]) {
      return null;
    }
    return BigDecimal.valueOf(start == 1 ? -unscaled : unscaled, scale);
  }

  /**
   * Exact decimal text in plain notation: in binary transfer pgjdbc prints numerics as
   * BigDecimal#toString, e.g. {@code 1E-20}.
   */
  private static String plainNumeric(String text) {
    return text == null || text.indexOf('E') < 0 ? text : new BigDecimal(text).toPlainString();
  }

  private BigDecimal decimal(String text) {
    if (text == null) {
      return null;
    }
    BigDecimal plain = plainDecimal(text, type.precision(), type.scale());
    if (plain != null) {
      return plain;
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
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw doesNotFit(text, e);
    }
    return fit(number, text);
  }

  /** {@code number} at the column's scale; {@code text} is how messages show it (null: plain). */
  private BigDecimal fit(BigDecimal number, String text) {
    try {
      BigDecimal value = number.setScale(type.scale(), RoundingMode.UNNECESSARY);
      if (value.precision() > type.precision()) {
        throw new ArithmeticException("precision " + value.precision());
      }
      return value;
    } catch (ArithmeticException e) {
      throw doesNotFit(text == null ? number.toPlainString() : text, e);
    }
  }

  private RivetException doesNotFit(String text, RuntimeException e) {
    return new RivetException(
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
