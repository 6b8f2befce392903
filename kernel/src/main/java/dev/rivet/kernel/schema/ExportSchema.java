package dev.rivet.kernel.schema;

import dev.rivet.kernel.plan.SourceColumn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The columns an export writes, in order, with a stable fingerprint: the SHA-256 of {@link
 * #canonicalText()}, equal exactly when the columns are equal.
 */
public record ExportSchema(List<ColumnSchema> columns) {
  /** Raised when the canonical form changes, so old and new fingerprints never collide. */
  private static final String CANONICAL_VERSION = "rivet-schema-1";

  public ExportSchema {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one column");
    }
  }

  /**
   * The schema of a plan's columns, each written as the output type at the same position.
   *
   * @throws IllegalArgumentException when the two lists differ in size
   */
  public static ExportSchema of(List<SourceColumn> columns, List<String> outputTypes) {
    if (columns.size() != outputTypes.size()) {
      throw new IllegalArgumentException(
          columns.size() + " columns but " + outputTypes.size() + " output types");
    }
    List<ColumnSchema> schema = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      schema.add(ColumnSchema.of(columns.get(i), outputTypes.get(i)));
    }
    return new ExportSchema(schema);
  }

  /**
   * One line per column, fields tab-separated, with backslash, tab and newline escaped so that no
   * two schemas share a text.
   */
  public String canonicalText() {
    StringBuilder text = new StringBuilder(CANONICAL_VERSION).append('\n');
    for (ColumnSchema c : columns) {
      text.append(escape(c.name()))
          .append('\t')
          .append(escape(c.sourceType()))
          .append('\t')
          .append(c.jdbcType())
          .append('\t')
          .append(c.precision())
          .append('\t')
          .append(c.scale())
          .append('\t')
          .append(c.nullable() ? "null" : "not null")
          .append('\t')
          .append(escape(c.outputType()))
          .append('\n');
    }
    return text.toString();
  }

  /** The SHA-256 of {@link #canonicalText()} in UTF-8, as 64 lower-case hex digits. */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonicalText().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The column names in order. */
  public List<String> names() {
    return columns.stream().map(ColumnSchema::name).toList();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
