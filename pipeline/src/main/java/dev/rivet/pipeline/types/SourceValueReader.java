package dev.rivet.pipeline.types;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SortedMap;

/**
 * Reads the values of one column whose decoding is the source driver's own, as the Java value its
 * {@link LogicalKind} documents, exactly, and applies the source's {@link ValuePolicies} to values
 * that are not calendar dates. Each method reads the current row and returns null for SQL NULL. A
 * source implements the kinds its mapping produces; asking for another one is a defect. Not
 * thread-safe: it counts warnings.
 */
public interface SourceValueReader {

  /** A {@link LogicalKind#BOOLEAN} value. */
  Boolean bool(ResultSet rs) throws SQLException;

  /** A {@link LogicalKind#DATE} value, or null when the policy writes a special date as NULL. */
  LocalDate date(ResultSet rs) throws SQLException;

  /** A {@link LogicalKind#TIMESTAMP} value, or null when the policy writes it as NULL. */
  LocalDateTime timestamp(ResultSet rs) throws SQLException;

  /** A {@link LogicalKind#TIMESTAMPTZ} value, or null when the policy writes it as NULL. */
  Instant timestamptz(ResultSet rs) throws SQLException;

  /** A {@link LogicalKind#TIME} value: microseconds after midnight. */
  default Long time(ResultSet rs) throws SQLException {
    throw notMapped(LogicalKind.TIME);
  }

  /** A {@link LogicalKind#TIMETZ} value: ISO-8601 text with the source offset. */
  default String timetz(ResultSet rs) throws SQLException {
    throw notMapped(LogicalKind.TIMETZ);
  }

  /** A {@link LogicalKind#GEOMETRY} value: its WKB and SRID. */
  default Geometry geometry(ResultSet rs) throws SQLException {
    throw notMapped(LogicalKind.GEOMETRY);
  }

  /** A {@link LogicalKind#LIST} value: the elements, read by the element type. */
  default List<Object> list(ResultSet rs) throws SQLException {
    throw notMapped(LogicalKind.LIST);
  }

  /** A {@link LogicalKind#MAP} value: its entries in {@link KeyOrder}. */
  default SortedMap<String, String> map(ResultSet rs) throws SQLException {
    throw notMapped(LogicalKind.MAP);
  }

  /**
   * The value of one non-null field of the source's {@link BinaryRead}, as its kind documents,
   * except that numerics ({@link LogicalKind#DECIMAL}, {@link LogicalKind#NUMERIC_TEXT}) come as
   * their exact {@link java.math.BigDecimal} or, for values that are not numbers, the text the JDBC
   * driver returns for them ({@code NaN}, {@code Infinity}, {@code -Infinity}), and text ({@link
   * LogicalKind#STRING}, {@link LogicalKind#JSON}) may come as a {@link Utf8Text} of its bytes.
   */
  default Object binary(byte[] bytes, int offset, int length) {
    throw new IllegalStateException("this source has no binary read protocol");
  }

  private static IllegalStateException notMapped(LogicalKind kind) {
    return new IllegalStateException("this source maps no column to " + kind);
  }
}
