package dev.rivet.kernel.plan;

import java.io.Serializable;
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
 */
public record SourceColumn(
    String name,
    int jdbcType,
    String typeName,
    int precision,
    int scale,
    boolean nullable,
    int dimensions)
    implements Serializable {
  public SourceColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
    if (dimensions < 0) {
      throw new IllegalArgumentException("dimensions must be >= 0, got " + dimensions);
    }
  }

  /** A column without declared array dimensions. */
  public SourceColumn(
      String name, int jdbcType, String typeName, int precision, int scale, boolean nullable) {
    this(name, jdbcType, typeName, precision, scale, nullable, 0);
  }

  /** This column with the given declared precision and scale. */
  public SourceColumn withPrecision(int newPrecision, int newScale) {
    return new SourceColumn(name, jdbcType, typeName, newPrecision, newScale, nullable, dimensions);
  }

  /** This column with the given declared array dimensions. */
  public SourceColumn withDimensions(int newDimensions) {
    return new SourceColumn(name, jdbcType, typeName, precision, scale, nullable, newDimensions);
  }
}
