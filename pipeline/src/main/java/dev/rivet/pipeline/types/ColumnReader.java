package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  /**
   * @param index the 1-based column index in the result set
   */
  public ColumnReader(ColumnType type, int index, ValuePolicies policies, WarningCounts warnings) {
    this(ColumnSlot.of(type, index, policies, warnings));
  }

  public ColumnReader(ColumnSlot column) {
    this.type = column.type();
    this.index = column.index();
    this.label = column.label();
    this.source = SourceTypes.of(type.dialect()).reader(column);
  }

  public ColumnType type() {
    return type;
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
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
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
}
