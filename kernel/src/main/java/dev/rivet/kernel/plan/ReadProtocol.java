package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How each chunk's rows come from the source: through the JDBC driver's result set, or through a
 * source's own bulk protocol (PostgreSQL's binary {@code COPY ... TO STDOUT}), which carries the
 * same rows of the same statement in the same snapshot.
 */
public enum ReadProtocol {
  /** Binary COPY where the source offers it and can decode every column exactly; else JDBC. */
  AUTO("auto"),
  /**
   * Binary COPY, required: a source or column it cannot serve fails the chunk as a configuration
   * error naming the column.
   */
  COPY("copy"),
  /** Always the JDBC result set. */
  JDBC("jdbc");

  /** The protocol of an export that names none. */
  public static final ReadProtocol DEFAULT = AUTO;

  private final String wireValue;

  ReadProtocol(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  /** Whether a source's bulk protocol may serve the read (it still must be able to). */
  public boolean allowsCopy() {
    return this != JDBC;
  }

  public static ReadProtocol parse(String value) {
    for (ReadProtocol p : values()) {
      if (p.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown read protocol '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(ReadProtocol::wireValue).collect(Collectors.joining(", "));
  }
}
