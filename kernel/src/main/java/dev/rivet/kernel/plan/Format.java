package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Output file format. */
public enum Format {
  PARQUET("parquet", ".parquet"),
  CSV("csv", ".csv");

  /** The format of an export that names none. */
  public static final Format DEFAULT = PARQUET;

  private final String wireValue;
  private final String extension;

  Format(String wireValue, String extension) {
    this.wireValue = wireValue;
    this.extension = extension;
  }

  public String wireValue() {
    return wireValue;
  }

  public String extension() {
    return extension;
  }

  public static Format parse(String value) {
    for (Format f : values()) {
      if (f.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(Format::wireValue).collect(Collectors.joining(", "));
  }
}
