package dev.rivet.kernel.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an SSH hop's host key is checked against its {@code known_hosts_file}. A key that differs
 * from the one the file lists for the host is refused under every value.
 */
public enum HostKeyCheck {
  /** A host the file does not list is refused (the default). */
  YES("yes"),
  /** A host the file does not list is trusted and its key appended to the file. */
  ACCEPT_NEW("accept-new"),
  /** A host the file does not list is trusted for this connection only; nothing is written. */
  NO("no");

  private final String wireValue;

  HostKeyCheck(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  /**
   * The check written as {@code value} (ignoring case).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static HostKeyCheck parse(String value) {
    for (HostKeyCheck check : values()) {
      if (check.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return check;
      }
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not a host key check; valid values: " + valid());
  }

  /** The valid values, comma-separated, for messages. */
  public static String valid() {
    return Arrays.stream(values()).map(HostKeyCheck::wireValue).collect(Collectors.joining(", "));
  }
}
