package dev.rivet.pipeline.types;

import dev.rivet.kernel.source.SourceKind;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The mapped type of one source column: its {@link LogicalKind}, decimal precision and scale, and
 * for lists the element type. The Parquet primitive and annotation are derived from these, so the
 * same column always gets the same Parquet type.
 *
 * @param name the column name, as written to the file header or schema
 * @param sourceType the source's type name, e.g. {@code numeric}, {@code _int4}, {@code BIGINT
 *     UNSIGNED}
 * @param dialect the source, which fixes how values are read
 * @param nullable false only when the source guarantees no NULLs
 * @param precision decimal digits for {@link LogicalKind#DECIMAL}, otherwise 0
 * @param scale decimal scale for {@link LogicalKind#DECIMAL}, otherwise 0
 * @param element the element type for {@link LogicalKind#LIST} (itself a LIST for a
 *     multi-dimensional array), otherwise null
 * @param fields the field types of a {@link LogicalKind#STRUCT}, in order; empty for other kinds
 */
public record ColumnType(
    String name,
    String sourceType,
    SourceKind dialect,
    LogicalKind kind,
    boolean nullable,
    int precision,
    int scale,
    ColumnType element,
    List<ColumnType> fields)
    implements Serializable {
  /** The widest decimal Parquet readers commonly support (and fits 16 bytes). */
  public static final int MAX_DECIMAL_PRECISION = 38;

  public ColumnType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(kind, "kind");
    fields = fields == null ? List.of() : List.copyOf(fields);
    if ((kind == LogicalKind.STRUCT) == fields.isEmpty()) {
      throw new IllegalArgumentException("fields are required exactly for STRUCT columns: " + name);
    }
    if ((kind == LogicalKind.LIST) != (element != null)) {
      throw new IllegalArgumentException("an element type is required exactly for LIST columns");
    }
    if (kind == LogicalKind.DECIMAL
        && (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "decimal "
              + name
              + " needs 1 <= precision <= 38 and 0 <= scale <= precision, got ("
              + precision
              + ","
              + scale
              + ")");
    }
    if (kind != LogicalKind.DECIMAL && (precision != 0 || scale != 0)) {
      throw new IllegalArgumentException("precision and scale apply only to DECIMAL: " + name);
    }
  }

  /** A column of any kind but STRUCT. */
  public ColumnType(
      String name,
      String sourceType,
      SourceKind dialect,
      LogicalKind kind,
      boolean nullable,
      int precision,
      int scale,
      ColumnType element) {
    this(name, sourceType, dialect, kind, nullable, precision, scale, element, List.of());
  }

  /** A STRUCT column of at least one field. */
  public static ColumnType struct(
      String name,
      String sourceType,
      SourceKind dialect,
      boolean nullable,
      List<ColumnType> fields) {
    return new ColumnType(
        name, sourceType, dialect, LogicalKind.STRUCT, nullable, 0, 0, null, fields);
  }

  /** A column of any kind but DECIMAL and LIST. */
  public static ColumnType scalar(
      String name, String sourceType, SourceKind dialect, LogicalKind kind, boolean nullable) {
    return new ColumnType(name, sourceType, dialect, kind, nullable, 0, 0, null);
  }

  /** A DECIMAL column of {@code precision} digits, {@code scale} of them after the point. */
  public static ColumnType decimal(
      String name,
      String sourceType,
      SourceKind dialect,
      boolean nullable,
      int precision,
      int scale) {
    return new ColumnType(
        name, sourceType, dialect, LogicalKind.DECIMAL, nullable, precision, scale, null);
  }

  /** The Parquet physical type of a scalar column (or a list's element). */
  public PrimitiveTypeName parquetPrimitive() {
    switch (kind) {
      case BOOLEAN:
        return PrimitiveTypeName.BOOLEAN;
      case INT8:
      case INT16:
      case INT32:
      case DATE:
        return PrimitiveTypeName.INT32;
      case INT64:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return PrimitiveTypeName.INT64;
      case FLOAT:
        return PrimitiveTypeName.FLOAT;
      case DOUBLE:
        return PrimitiveTypeName.DOUBLE;
      case DECIMAL:
        if (precision <= 9) {
          return PrimitiveTypeName.INT32;
        }
        return precision <= 18 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      case UUID:
        return PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
      case BYTES:
      case GEOMETRY:
      case JSON:
        return PrimitiveTypeName.BINARY;
      case LIST:
      case MAP:
      case STRUCT:
      default:
        throw new IllegalStateException(name + " is a group; its leaves have the primitive types");
    }
  }

  /** The Parquet logical annotation, or null when the physical type stands alone. */
  public LogicalTypeAnnotation parquetAnnotation() {
    switch (kind) {
      case INT8:
        return LogicalTypeAnnotation.intType(8, true);
      case INT16:
        return LogicalTypeAnnotation.intType(16, true);
      case DECIMAL:
        return LogicalTypeAnnotation.decimalType(scale, precision);
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
        return LogicalTypeAnnotation.stringType();
      case JSON:
        return LogicalTypeAnnotation.jsonType();
      case UUID:
        return LogicalTypeAnnotation.uuidType();
      case DATE:
        return LogicalTypeAnnotation.dateType();
      case TIME:
        return LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS);
      case TIMESTAMP:
        return LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS);
      case TIMESTAMPTZ:
        return LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS);
      case LIST:
        return LogicalTypeAnnotation.listType();
      case MAP:
        return LogicalTypeAnnotation.mapType();
      default:
        return null;
    }
  }

  /** Byte length of a FIXED_LEN_BYTE_ARRAY column, 0 for other physical types. */
  public int fixedLength() {
    if (kind == LogicalKind.UUID) {
      return 16;
    }
    if (kind == LogicalKind.DECIMAL && precision > 18) {
      return decimalBytes(precision);
    }
    return 0;
  }

  /** The fewest two's-complement bytes holding every unscaled value of {@code precision} digits. */
  static int decimalBytes(int precision) {
    return (int) Math.ceil((precision * Math.log(10) / Math.log(2) + 1) / 8);
  }
}
