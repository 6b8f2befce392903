package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Output file format, with the compression an export of that format gets when it names none:
 * Parquet compresses its pages with zstd (readers decompress transparently), CSV stays plain text
 * that any tool opens.
 */
public enum Format {
  PARQUET("parquet", ".parquet", Compression.ZSTD),
  CSV("csv", ".csv", Compression.NONE);

  /** The format of an export that names none. */
  public static final Format DEFAULT = PARQUET;

  private final String wireValue;
  private final String extension;
  private final Compression defaultCompression;

  Format(String wireValue, String extension, Compression defaultCompression) {
    this.wireValue = wireValue;
    this.extension = extension;
    this.defaultCompression = defaultCompression;
  }

  public String wireValue() {
    return wireValue;
  }

  public String extension() {
    return extension;
  }

  /**
   * The compression of an export in this format that names none: zstd for Parquet, none for CSV.
   */
  public Compression defaultCompression() {
    return defaultCompression;
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
