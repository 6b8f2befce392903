package dev.rivet.pipeline.fidelity;

import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;

/**
 * Names a mapped column's output: its type name in the manifest and the export's schema (e.g.
 * {@code DECIMAL(12,2)}), its Parquet type and its CSV form, all from the {@link ColumnType} the
 * writers use.
 */
public final class OutputForms {
  private OutputForms() {}

  /** The output type name, e.g. {@code INT64}, {@code DECIMAL(12,2)}, {@code LIST<STRING>}. */
  public static String typeName(ColumnType type) {
    if (type.kind() == LogicalKind.DECIMAL) {
      return "DECIMAL(" + type.precision() + "," + type.scale() + ")";
    }
    if (type.kind() == LogicalKind.LIST) {
      return "LIST<" + typeName(type.element()) + ">";
    }
    if (type.kind() == LogicalKind.MAP) {
      return "MAP<STRING,STRING>";
    }
    if (type.kind() == LogicalKind.STRUCT) {
      return type.fields().stream()
          .map(field -> field.name() + ":" + typeName(field))
          .collect(Collectors.joining(",", "STRUCT<", ">"));
    }
    return type.kind().name();
  }

  /**
   * The Parquet physical type and logical annotation, e.g. {@code INT64 TIMESTAMP(MICROS,true)}.
   */
  public static String parquet(ColumnType type) {
    if (type.kind() == LogicalKind.LIST) {
      return "LIST<" + parquet(type.element()) + ">";
    }
    if (type.kind() == LogicalKind.MAP) {
      return "MAP<BINARY STRING,BINARY STRING>";
    }
    if (type.kind() == LogicalKind.STRUCT) {
      return type.fields().stream()
          .map(field -> field.name() + ":" + parquet(field))
          .collect(Collectors.joining(",", "GROUP<", ">"));
    }
    String physical = type.parquetPrimitive().name();
    if (type.fixedLength() > 0) {
      physical += "(" + type.fixedLength() + ")";
    }
    LogicalTypeAnnotation annotation = type.parquetAnnotation();
    return annotation == null ? physical : physical + " " + annotation;
  }

  /** The CSV text form, as docs/type-mapping.md describes it. */
  public static String csv(ColumnType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return "true/false";
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return "decimal digits";
      case FLOAT:
      case DOUBLE:
        return "float text";
      case DECIMAL:
        return "plain decimal, " + type.scale() + " decimals";
      case NUMERIC_TEXT:
        return "exact decimal text";
      case STRING:
        return "text";
      case TIMETZ:
        return "ISO-8601 time with offset";
      case BYTES:
        return "\\x hex";
      case GEOMETRY:
        return "\\x hex of EWKB";
      case UUID:
        return "8-4-4-4-12";
      case JSON:
        return "JSON text";
      case DATE:
        return "yyyy-MM-dd";
      case TIME:
        return "HH:mm:ss[.f]";
      case TIMESTAMP:
        return "ISO-8601 date-time";
      case TIMESTAMPTZ:
        return "ISO-8601 instant (UTC, Z)";
      case LIST:
        return "JSON array";
      case MAP:
        return "JSON object, keys sorted";
      case STRUCT:
        return "the composite's text form";
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }
}
