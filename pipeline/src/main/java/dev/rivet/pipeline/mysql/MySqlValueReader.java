package dev.rivet.pipeline.mysql;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.SourceValueReader;
import dev.rivet.pipeline.types.WarningCounts;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MySQL/MariaDB flags, dates and timestamps of one column exactly, and applies the {@link
 * ZeroDatePolicy} to zero dates ({@code 0000-00-00}), dates with a zero month or day, and invalid
 * dates ({@code ALLOW_INVALID_DATES}), none of which is a calendar date.
 *
 * <p>Values are read with {@code getObject(LocalDate/LocalDateTime)}, which MariaDB Connector/J
 * decodes without the JVM time zone ({@code getString} moves wall-clock times inside the JVM zone's
 * daylight-saving gap, {@code getTimestamp} rolls a zero month over into the previous year). It
 * returns a zero date as NULL and fails on a zero month or day; only then is the value's text read,
 * to tell a zero date from SQL NULL ({@code wasNull} cannot: in the binary protocol it is true for
 * a zero date too). TIMESTAMP values arrive as UTC wall-clock times because the read session's
 * {@code time_zone} is {@code +00:00}.
 *
 * <p>Both of the driver's protocols are read alike. In the binary protocol (server-side prepared
 * statements, the default of {@link dev.rivet.planner.mysql.MySqlDialect}) a DATE has no text to
 * read back when its month or day is out of range: the driver refuses {@code getString} as well,
 * naming the value in its message, which is where the text for the message then comes from.
 */
final class MySqlValueReader implements SourceValueReader {
  private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( .*)?");

  /**
   * How MariaDB Connector/J names a binary DATE it cannot decode: {@code value '2021-02-31' ...}.
   */
  private static final Pattern UNDECODED_DATE =
      Pattern.compile("value '(\\d{4}-\\d{2}-\\d{2})' cannot be decoded.*", Pattern.DOTALL);

  private final int index;
  private final String label;
  private final ZeroDatePolicy policy;
  private final WarningCounts warnings;

  MySqlValueReader(ColumnSlot column) {
    this.index = column.index();
    this.label = column.label();
    this.policy = column.policies().onZeroDate();
    this.warnings = column.warnings();
  }

  /** BOOLEAN from BIT(1) or TINYINT(1), which can hold -128..127: anything but 0 or 1 fails. */
  @Override
  public Boolean bool(ResultSet rs) throws SQLException {
    long value = rs.getLong(index);
    if (rs.wasNull()) {
      return null;
    }
    if (value == 0 || value == 1) {
      return value == 1;
    }
    throw new RivetException(
        FailureKind.DATA,
        label + " holds " + value + ", which a BOOLEAN cannot represent",
        "export the column as a number (SELECT col + 0 AS col in a query export)");
  }

  /** A spatial value in the server's internal form: the SRID (4 bytes, little-endian), the WKB. */
  @Override
  public Geometry geometry(ResultSet rs) throws SQLException {
    byte[] internal = rs.getBytes(index);
    if (internal == null) {
      return null;
    }
    try {
      return Geometry.ofMySqlInternal(internal);
    } catch (IllegalArgumentException e) {
      throw new RivetException(
          FailureKind.DATA,
          label + " returned " + e.getMessage() + ", not an SRID followed by WKB",
          "export the column as WKB (ST_AsBinary(col) AS col in a query export)",
          e);
    }
  }

  @Override
  public LocalDate date(ResultSet rs) throws SQLException {
    LocalDate value;
    try {
      value = rs.getObject(index, LocalDate.class);
    } catch (SQLDataException e) {
      notADate(rs, e);
      return null;
    }
    if (value == null) {
      notADate(rs, null);
    }
    return value;
  }

  @Override
  public LocalDateTime timestamp(ResultSet rs) throws SQLException {
    LocalDateTime value;
    try {
      value = rs.getObject(index, LocalDateTime.class);
    } catch (SQLDataException e) {
      notADate(rs, e);
      return null;
    }
    if (value == null) {
      notADate(rs, null);
    }
    return value;
  }

  @Override
  public Instant timestamptz(ResultSet rs) throws SQLException {
    LocalDateTime utc = timestamp(rs);
    return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
  }

  /**
   * Handles a value the driver did not decode: SQL NULL (nothing to do), or a zero or invalid date,
   * which the policy writes as NULL (counted) or fails on.
   *
   * @param decodeFailure the driver's error, or null when it returned NULL
   */
  private void notADate(ResultSet rs, SQLDataException decodeFailure) throws SQLException {
    String text;
    boolean binaryDate = false;
    try {
      text = rs.getString(index);
    } catch (SQLDataException refusal) {
      text = undecodedDate(refusal);
      binaryDate = true;
    }
    if (text == null) {
      return;
    }
    if (decodeFailure != null && !binaryDate && !DATE_TEXT.matcher(text).matches()) {
      throw new RivetException(
          FailureKind.DATA,
          label + " returned '" + text + "', which is not MySQL date/time text",
          "export the column as text (CAST(col AS CHAR) AS col in a query export)",
          decodeFailure);
    }
    if (policy == ZeroDatePolicy.NULL) {
      warnings.increment(WarningCounts.ZERO_DATE_NULLED);
      return;
    }
    throw new RivetException(
        FailureKind.DATA,
        label + " holds " + text + ", which is not a calendar date (a MySQL zero date)",
        "set on_zero_date: null in the export to write zero dates as NULL (each is counted as a"
            + " zero_date_nulled warning), or fix the values at the source",
        decodeFailure);
  }

  /**
   * The text of a binary DATE the driver refused to decode, from its message; it is a date with an
   * out-of-range month or day either way, so the message merely loses the digits if the driver
   * words it differently.
   */
  static String undecodedDate(SQLDataException refusal) {
    String message = refusal.getMessage();
    Matcher m = UNDECODED_DATE.matcher(message == null ? "" : message);
    return m.matches() ? m.group(1) : "a date with a zero or invalid month or day";
  }
}
