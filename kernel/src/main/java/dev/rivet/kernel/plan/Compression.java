package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * File compression. For Parquet it is the page codec ({@code lz4} means Parquet's LZ4_RAW, the
 * variant every reader supports without Hadoop native code); for CSV the whole file is compressed
 * and a suffix such as {@code .gz} is appended. The default depends on the format: {@link
 * Format#defaultCompression()}.
 */
public enum Compression {
  ZSTD("zstd", ".zst"),
  SNAPPY("snappy", ".snappy"),
  GZIP("gzip", ".gz"),
  LZ4("lz4", ".lz4"),
  NONE("none", "");

  private final String wireValue;
  private final String csvSuffix;

  Compression(String wireValue, String csvSuffix) {
    this.wireValue = wireValue;
    this.csvSuffix = csvSuffix;
  }

  public String wireValue() {
    return wireValue;
  }

  /** Suffix appended to a CSV file name compressed with this codec. */
  public String csvSuffix() {
    return csvSuffix;
  }

  public static Compression parse(String value) {
    for (Compression c : values()) {
      if (c.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(Compression::wireValue).collect(Collectors.joining(", "));
  }
}
