package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A result column as the source describes it, captured at plan time so every chunk writes the same
 * schema.
 *
 * @param jdbcType the {@link java.sql.Types} code the driver reports
 * @param typeName the source's own type name, e.g. {@code int4}, {@code _text}, {@code numeric}
 * @param precision declared precision (digits for numerics), 0 when unconstrained or not numeric
 * @param scale declared scale, 0 when not numeric
 * @param nullable false only when the source guarantees no NULLs
 * @param dimensions the array dimensions the source's catalog declares for an array column ({@code
 *     int[][]}: 2); 0 when not an array or not declared (a query's result column, a view)
 * @param attributes the attributes of a composite (PostgreSQL row) type, in declaration order, as
 *     the source's catalog describes them; empty for every other type. A chunk read selects each
 *     attribute as a column of its own after the planned columns, in {@link #attributePaths} order.
 */
public record SourceColumn(
    String name,
    int jdbcType,
    String typeName,
    int precision,
    int scale,
    boolean nullable,
    int dimensions,
    List<SourceColumn> attributes)
    implements Serializable {
  public SourceColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
    if (dimensions < 0) {
      throw new IllegalArgumentException("dimensions must be >= 0, got " + dimensions);
    }
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }

  /** A column without declared array dimensions or composite attributes. */
  public SourceColumn(
      String name, int jdbcType, String typeName, int precision, int scale, boolean nullable) {
    this(name, jdbcType, typeName, precision, scale, nullable, 0, List.of());
  }

  /** An array column with its declared dimensions. */
  public SourceColumn(
      String name,
      int jdbcType,
      String typeName,
      int precision,
      int scale,
      boolean nullable,
      int dimensions) {
    this(name, jdbcType, typeName, precision, scale, nullable, dimensions, List.of());
  }

  /** A composite column with its attributes. */
  public SourceColumn(
      String name,
      int jdbcType,
      String typeName,
      int precision,
      int scale,
      boolean nullable,
      List<SourceColumn> attributes) {
    this(name, jdbcType, typeName, precision, scale, nullable, 0, attributes);
  }

  /** This column with the given declared precision and scale. */
  public SourceColumn withPrecision(int newPrecision, int newScale) {
    return new SourceColumn(
        name, jdbcType, typeName, newPrecision, newScale, nullable, dimensions, attributes);
  }

  /** This column with the given declared array dimensions. */
  public SourceColumn withDimensions(int newDimensions) {
    return new SourceColumn(
        name, jdbcType, typeName, precision, scale, nullable, newDimensions, attributes);
  }

  /** This column with the given composite attributes. */
  public SourceColumn withAttributes(List<SourceColumn> newAttributes) {
    return new SourceColumn(
        name, jdbcType, typeName, precision, scale, nullable, dimensions, newAttributes);
  }

  /**
   * The attribute of every composite column, nested ones included, as the path of names from the
   * column down (e.g. {@code [home, address, street]}): depth first, each attribute before its own
   * attributes. This is the order in which a chunk read selects them after the planned columns, and
   * in which the reader expects them.
   */
  public static List<List<String>> attributePaths(List<SourceColumn> columns) {
    List<List<String>> paths = new ArrayList<>();
    for (SourceColumn column : columns) {
      collect(column, List.of(column.name()), paths);
    }
    return List.copyOf(paths);
  }

  private static void collect(SourceColumn column, List<String> path, List<List<String>> paths) {
    for (SourceColumn attribute : column.attributes()) {
      List<String> attributePath = new ArrayList<>(path);
      attributePath.add(attribute.name());
      paths.add(List.copyOf(attributePath));
      collect(attribute, attributePath, paths);
    }
  }
}
