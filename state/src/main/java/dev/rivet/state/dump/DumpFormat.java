package dev.rivet.state.dump;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a dump of the state store is written: one JSON document, or SQL {@code INSERT}s. */
public enum DumpFormat {
  JSON("json"),
  SQL("sql");

  private final String wireValue;

  DumpFormat(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  /** A writer of this format onto {@code out}, which it flushes but does not close. */
  public DumpWriter writer(OutputStream out) {
    return this == JSON ? new JsonDumpWriter(out) : new SqlDumpWriter(out);
  }

  /**
   * A reader of this format from {@code in}.
   *
   * @param name what is read, e.g. the file, for messages
   */
  public DumpReader reader(InputStream in, String name) {
    return this == JSON ? new JsonDumpReader(in, name) : new SqlDumpReader(in, name);
  }

  /** The format a file name suggests: {@code .sql} is SQL, anything else JSON. */
  public static DumpFormat ofFileName(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".sql") ? SQL : JSON;
  }

  public static DumpFormat parse(String value) {
    for (DumpFormat f : values()) {
      if (f.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown dump format '"
            + value
            + "'; valid values: "
            + Arrays.stream(values()).map(DumpFormat::wireValue).collect(Collectors.joining(", ")));
  }
}
