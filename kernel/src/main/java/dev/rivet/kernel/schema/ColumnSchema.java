package dev.rivet.kernel.schema;

import dev.rivet.kernel.plan.SourceColumn;
import java.sql.Types;
import java.util.Objects;

/**
 * One exported column as a schema comparison sees it: its name, the source's type with its declared
 * length or precision and scale, whether it may hold NULL, and the type Rivet writes it as.
 *
 * @param sourceType the source's own type name, e.g. {@code int4}, {@code VARCHAR}
 * @param jdbcType the {@link java.sql.Types} code the driver reports, which groups types into
 *     families (integers, character strings, …) across databases
 * @param precision declared length (character and binary types) or precision (numerics); 0 when
 *     unconstrained
 * @param scale declared scale, 0 when not numeric
 * @param outputType the type in the written files, e.g. {@code INT64}, {@code DECIMAL(12,2)}
 */
public record ColumnSchema(
    String name,
    String sourceType,
    int jdbcType,
    int precision,
    int scale,
    boolean nullable,
    String outputType) {
  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(outputType, "outputType");
  }

  /** The column as the plan captured it, written as {@code outputType}. */
  public static ColumnSchema of(SourceColumn column, String outputType) {
    return new ColumnSchema(
        column.name(),
        column.typeName(),
        column.jdbcType(),
        column.precision(),
        column.scale(),
        column.nullable(),
        outputType);
  }

  /** Whether the source declares the same type: name, family, length/precision and scale. */
  public boolean sameSourceType(ColumnSchema other) {
    return sourceType.equals(other.sourceType)
        && jdbcType == other.jdbcType
        && precision == other.precision
        && scale == other.scale;
  }

  /**
   * The declared type as a person reads it: {@code varchar(50)}, {@code numeric(12,2)}, {@code
   * int4}. Lengths the driver reports for unbounded types are left out.
   */
  public String declaredType() {
    if (isNumeric(jdbcType) && precision > 0) {
      return sourceType + "(" + precision + "," + scale + ")";
    }
    if ((isCharacter(jdbcType) || isBinary(jdbcType)) && precision > 0 && !unbounded(precision)) {
      return sourceType + "(" + precision + ")";
    }
    return sourceType;
  }

  static boolean unbounded(int length) {
    return length <= 0 || length >= Integer.MAX_VALUE / 2;
  }

  static boolean isNumeric(int jdbcType) {
    return jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL;
  }

  static boolean isCharacter(int jdbcType) {
    return jdbcType == Types.CHAR
        || jdbcType == Types.VARCHAR
        || jdbcType == Types.LONGVARCHAR
        || jdbcType == Types.NCHAR
        || jdbcType == Types.NVARCHAR
        || jdbcType == Types.LONGNVARCHAR
        || jdbcType == Types.CLOB
        || jdbcType == Types.NCLOB;
  }

  static boolean isBinary(int jdbcType) {
    return jdbcType == Types.BINARY
        || jdbcType == Types.VARBINARY
        || jdbcType == Types.LONGVARBINARY
        || jdbcType == Types.BLOB;
  }
}
