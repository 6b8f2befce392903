package dev.rivet.state.dump;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The kinds of value a dumped column holds, each with one text form in every dump format. */
public enum DumpType {
  /** A string. */
  TEXT("a string"),
  /** A whole number that fits 64 bits. */
  INTEGER("a whole number"),
  /** A UTC time to the microsecond, written {@code 2025-01-31T12:00:00.000000Z}. */
  INSTANT("a UTC time such as 2025-01-31T12:00:00.000000Z");

  // Fixed width (always six fraction digits) so that text order is time order, as SQLite stores it.
  private static final DateTimeFormatter INSTANT_TEXT =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

  private final String expected;

  DumpType(String expected) {
    this.expected = expected;
  }

  /** What a value of this type looks like, for error messages: e.g. {@code a whole number}. */
  public String expected() {
    return expected;
  }

  /** The text of an instant in a dump: UTC, six fraction digits. */
  public static String instantText(Instant instant) {
    return INSTANT_TEXT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * The instant {@code text} stands for, or null when it is not an ISO-8601 UTC time.
   *
   * @param text e.g. {@code 2025-01-31T12:00:00.000000Z}
   */
  static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
