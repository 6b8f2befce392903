package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.values.Row;

/**
 * Beam {@link Row}s for the rows-as-elements read, with the same exact mapping as the file writers:
 * dates, times and timestamps are java.time logical types with microsecond precision, and every
 * text-form type is a STRING.
 */
public final class BeamRows {
  private BeamRows() {}

  /** The schema of a source's result columns; see {@link #schemaFor(List)}. */
  public static Schema schema(List<SourceColumn> columns, SourceKind source) {
    return schemaFor(TypeMapper.map(columns, source));
  }

  /**
   * The schema of mapped columns. A field is nullable when the source allows NULL; dates and
   * timestamps are always nullable because the {@code null} infinity and zero-date policies write
   * NULL.
   */
  public static Schema schemaFor(List<ColumnType> types) {
    Schema.Builder schema = Schema.builder();
    for (ColumnType type : types) {
      boolean nullable = type.nullable() || type.kind().hasSpecialDates();
      schema.addField(type.name(), fieldType(type).withNullable(nullable));
    }
    return schema.build();
  }

  private static FieldType fieldType(ColumnType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return FieldType.BOOLEAN;
      case INT8:
        return FieldType.BYTE;
      case INT16:
        return FieldType.INT16;
      case INT32:
        return FieldType.INT32;
      case INT64:
        return FieldType.INT64;
      case FLOAT:
        return FieldType.FLOAT;
      case DOUBLE:
        return FieldType.DOUBLE;
      case DECIMAL:
        return FieldType.DECIMAL;
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
      case JSON:
      case STRUCT: // the source's text form of the composite
        return FieldType.STRING;
      case BYTES:
      case GEOMETRY:
        return FieldType.BYTES;
      case UUID:
        return FieldType.logicalType(new UuidLogicalType());
      case DATE:
        return FieldType.logicalType(SqlTypes.DATE);
      case TIME:
        return FieldType.logicalType(SqlTypes.TIME);
      case TIMESTAMP:
        return FieldType.logicalType(SqlTypes.DATETIME);
      case TIMESTAMPTZ:
        return FieldType.logicalType(SqlTypes.TIMESTAMP);
      case LIST:
        return FieldType.array(fieldType(type.element()).withNullable(true));
      case MAP:
        return FieldType.map(FieldType.STRING, FieldType.STRING.withNullable(true));
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  /**
   * {@link #toRow(Schema, List, ResultSet, ValuePolicies)} with MySQL zero dates written as NULL.
   */
  public static Row toRow(Schema schema, List<ColumnType> types, ResultSet rs, InfinityPolicy p)
      throws SQLException {
    return toRow(schema, types, rs, new ValuePolicies(p, ZeroDatePolicy.NULL));
  }

  /**
   * The result set's current row as a {@link Row} of {@code schema} (from {@link #schemaFor}).
   * Warnings (clamped or nulled infinities, nulled zero dates) are not counted on this path.
   *
   * @throws RivetException DATA for a value the mapping cannot represent, and for time 24:00:00,
   *     which Beam's TIME (a {@link LocalTime}) cannot hold
   */
  public static Row toRow(
      Schema schema, List<ColumnType> types, ResultSet rs, ValuePolicies policies)
      throws SQLException {
    WarningCounts ignored = new WarningCounts();
    List<Object> values = new ArrayList<>(types.size());
    for (int i = 0; i < types.size(); i++) {
      ColumnType type = types.get(i);
      Object value =
          type.kind() == LogicalKind.STRUCT
              ? rs.getString(i + 1)
              : new ColumnReader(type, i + 1, policies, ignored).read(rs);
      values.add(beamValue(type, value));
    }
    return Row.withSchema(schema).addValues(values).build();
  }

  private static Object beamValue(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type.kind() == LogicalKind.TIME) {
      long micros = (Long) value;
      if (micros >= LogicalKind.MICROS_PER_DAY) {
        throw new RivetException(
            FailureKind.DATA,
            "column '"
                + type.name()
                + "' ("
                + type.sourceType()
                + ") holds 24:00:00, which a Beam TIME cannot represent",
            "export the column as text (col::text in a query export)");
      }
      return LocalTime.ofNanoOfDay(micros * 1_000);
    }
    if (type.kind() == LogicalKind.GEOMETRY) {
      return ((Geometry) value).ewkb();
    }
    if (type.kind() == LogicalKind.LIST) {
      List<Object> elements = new ArrayList<>();
      for (Object element : (List<?>) value) {
        elements.add(beamValue(type.element(), element));
      }
      return elements;
    }
    return value;
  }
}
