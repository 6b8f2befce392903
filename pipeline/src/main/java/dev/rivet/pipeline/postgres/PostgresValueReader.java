package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.KeyOrder;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.SourceValueReader;
import dev.rivet.pipeline.types.WarningCounts;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Reads PostgreSQL values whose decoding is pgjdbc's own: {@code infinity} and {@code -infinity}
 * dates and timestamps (which pgjdbc returns as the java.time MAX and MIN) follow the {@link
 * InfinityPolicy}; time 24:00:00 is kept; timetz keeps its source offset; arrays are read element
 * by element.
 */
final class PostgresValueReader implements SourceValueReader {
  private static final DateTimeFormatter TIMETZ_TEXT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .appendOffset("+HH:MM:ss", "+00:00")
          .toFormatter(Locale.ROOT);

  private final int index;
  private final String label;
  private final PostgresInfinity infinity;
  private final ColumnReader element;
  private final PostgresBinaryValues binary;
  private final ColumnSlot column;

  PostgresValueReader(ColumnSlot column) {
    this.column = column;
    this.index = column.index();
    this.label = column.label();
    this.infinity = new PostgresInfinity(column);
    // PgArray#getResultSet has the element in column 2 (column 1 is its index).
    this.element = column.type().element() == null ? null : new ColumnReader(column.element(2));
    this.binary =
        PostgresBinaryValues.decodes(column.type())
            ? new PostgresBinaryValues(column.type(), label, infinity)
            : null;
  }

  @Override
  public Object binary(byte[] bytes, int offset, int length) {
    if (binary == null) {
      throw new IllegalStateException(label + " has no binary COPY decoding");
    }
    return binary.decode(bytes, offset, length);
  }

  @Override
  public Boolean bool(ResultSet rs) throws SQLException {
    boolean b = rs.getBoolean(index);
    return rs.wasNull() ? null : b;
  }

  @Override
  public LocalDate date(ResultSet rs) throws SQLException {
    LocalDate value = rs.getObject(index, LocalDate.class);
    if (value == null || !(value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN))) {
      return value;
    }
    return infinity.date(value.equals(LocalDate.MAX));
  }

  @Override
  public LocalDateTime timestamp(ResultSet rs) throws SQLException {
    LocalDateTime value = rs.getObject(index, LocalDateTime.class);
    if (value == null || !(value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN))) {
      return value;
    }
    return infinity.timestamp(value.equals(LocalDateTime.MAX));
  }

  @Override
  public Instant timestamptz(ResultSet rs) throws SQLException {
    OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
    if (value == null) {
      return null;
    }
    if (!(value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN))) {
      return value.toInstant();
    }
    return infinity.timestamptz(value.equals(OffsetDateTime.MAX));
  }

  /** pgjdbc returns 24:00:00, which java.time lacks, as {@link LocalTime#MAX}. */
  @Override
  public Long time(ResultSet rs) throws SQLException {
    LocalTime value = rs.getObject(index, LocalTime.class);
    if (value == null) {
      return null;
    }
    return value.equals(LocalTime.MAX) ? LogicalKind.MICROS_PER_DAY : value.toNanoOfDay() / 1_000;
  }

  /**
   * The driver's {@link OffsetTime} keeps the source offset in both text and binary transfer (its
   * {@code getString} normalizes binary values to UTC), except for 24:00:00, which it returns as
   * {@link OffsetTime#MAX} in text transfer; then the text itself is exact.
   */
  @Override
  public String timetz(ResultSet rs) throws SQLException {
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

  /**
   * pgjdbc decodes {@code hstore} (text and binary transfer) to a {@link Map} of its keys (never
   * null) to its values (null for NULL); the entries are put in {@link KeyOrder}.
   */
  @Override
  public SortedMap<String, String> map(ResultSet rs) throws SQLException {
    Object value = rs.getObject(index);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> entries)) {
      throw new IllegalStateException(
          label + " arrived as " + value.getClass().getName() + ", not the driver's hstore Map");
    }
    Map<String, String> text = new HashMap<>();
    entries.forEach((k, v) -> text.put((String) k, (String) v));
    return KeyOrder.sorted(text);
  }

  @Override
  public List<Object> list(ResultSet rs) throws SQLException {
    Array array = rs.getArray(index);
    if (array == null) {
      return null;
    }
    try (ResultSet elements = array.getResultSet()) {
      String text = array.toString();
      PostgresArrayDimensions.check(label, text, column.type());
      checkLowerBound(text);
      List<Object> values = new ArrayList<>();
      while (elements.next()) {
        values.add(element.read(elements));
      }
      return values;
    } finally {
      array.free();
    }
  }

  /**
   * PostgreSQL prints an array whose lower bound is not 1 with its bounds first ({@code
   * [0:2]={1,2,3}}); pgjdbc drops them, and so would a list. Arrays arrive in text transfer (the
   * source connection disables binary transfer for the array types pgjdbc would receive in binary,
   * which carry the bound only in a header pgjdbc ignores), so the text shows every bound.
   */
  private void checkLowerBound(String text) {
    if (text.isEmpty() || text.charAt(0) != '[') {
      return;
    }
    switch (column.policies().onArrayLowerBound()) {
      case DROP:
        column.warnings().increment(WarningCounts.ARRAY_BOUND_DROPPED);
        return;
      case FAIL:
      default:
        int end = text.indexOf('=');
        throw new RivetException(
            FailureKind.DATA,
            label
                + " holds an array with the bounds "
                + (end > 0 ? text.substring(0, end) : "other than [1:n]")
                + "; a Parquet list and a CSV JSON array keep the elements only, so the lower"
                + " bound (not 1) would be lost",
            "set on_array_lower_bound to drop in the export to write the elements in order without"
                + " the bound, or keep the bound in a column of its own (array_lower(col, 1) in a"
                + " query export)");
    }
  }
}
