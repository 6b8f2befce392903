package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.BinaryRead;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.SourceTypes;
import dev.rivet.pipeline.types.SourceValueReader;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.planner.postgres.PostgresMoney;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL columns, as pgjdbc describes them, mapped by type name: arrays become lists of their
 * element type, numerics that fit become DECIMAL, and every type without a dedicated mapping keeps
 * PostgreSQL's text form. Infinite dates follow the export's {@link InfinityPolicy}.
 */
public record PostgresTypes() implements SourceTypes {
  private static final Map<String, LogicalKind> KINDS =
      Map.ofEntries(
          Map.entry("bool", LogicalKind.BOOLEAN),
          Map.entry("int2", LogicalKind.INT16),
          Map.entry("int4", LogicalKind.INT32),
          Map.entry("int8", LogicalKind.INT64),
          Map.entry("oid", LogicalKind.INT64),
          Map.entry("float4", LogicalKind.FLOAT),
          Map.entry("float8", LogicalKind.DOUBLE),
          Map.entry("bytea", LogicalKind.BYTES),
          Map.entry("uuid", LogicalKind.UUID),
          Map.entry("json", LogicalKind.JSON),
          Map.entry("jsonb", LogicalKind.JSON),
          Map.entry("date", LogicalKind.DATE),
          Map.entry("time", LogicalKind.TIME),
          Map.entry("timetz", LogicalKind.TIMETZ),
          Map.entry("timestamp", LogicalKind.TIMESTAMP),
          Map.entry("timestamptz", LogicalKind.TIMESTAMPTZ),
          // The hstore extension's type: pgjdbc decodes it to a Map.
          Map.entry("hstore", LogicalKind.MAP));

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRESQL;
  }

  @Override
  public ColumnType map(SourceColumn column) {
    String typeName = column.typeName();
    if (column.jdbcType() == Types.STRUCT && !column.attributes().isEmpty()) {
      // A composite whose attributes the plan recorded: each attribute maps like a column.
      return ColumnType.struct(
          column.name(),
          typeName,
          SourceKind.POSTGRESQL,
          column.nullable(),
          column.attributes().stream().map(this::map).toList());
    }
    if (column.jdbcType() == Types.ARRAY && typeName.startsWith("_")) {
      // pgjdbc reports no element precision, so numeric elements always keep their text form.
      ColumnType type = scalar("element", typeName.substring(1), 0, 0, true);
      if (type.kind() == LogicalKind.MAP) {
        // pgjdbc decodes no hstore inside an array: each element keeps its text form.
        type = ColumnType.scalar("element", type.sourceType(), kind(), LogicalKind.STRING, true);
      }
      // A declared int[][] is a list of lists; an undeclared count (0) reads as one dimension.
      for (int dimension = Math.max(column.dimensions(), 1); dimension > 0; dimension--) {
        boolean outer = dimension == 1;
        type =
            new ColumnType(
                outer ? column.name() : "element",
                typeName,
                SourceKind.POSTGRESQL,
                LogicalKind.LIST,
                outer ? column.nullable() : true,
                0,
                0,
                type);
      }
      return type;
    }
    if (PostgresMoney.readAsNumeric(column)) {
      return ColumnType.decimal(
          column.name(),
          typeName,
          SourceKind.POSTGRESQL,
          column.nullable(),
          column.precision(),
          column.scale());
    }
    return scalar(column.name(), typeName, column.precision(), column.scale(), column.nullable());
  }

  @Override
  public SourceValueReader reader(ColumnSlot column) {
    return new PostgresValueReader(column);
  }

  @Override
  public boolean binaryDecodes(ColumnType type) {
    return PostgresBinaryValues.decodes(type);
  }

  @Override
  public BinaryRead binaryRead() {
    return new PostgresCopyRead();
  }

  /** Only the infinity policy writes values as NULL: {@code infinity} and {@code -infinity}. */
  @Override
  public boolean mayNull(ColumnType type, ValuePolicies policies) {
    return policies.onInfinity() == InfinityPolicy.NULL && type.kind().hasSpecialDates();
  }

  private static ColumnType scalar(
      String name, String typeName, int precision, int scale, boolean nullable) {
    String key = typeName.toLowerCase(Locale.ROOT);
    if (key.equals("numeric")) {
      return PostgresNumerics.map(name, typeName, precision, scale, nullable);
    }
    LogicalKind kind = KINDS.getOrDefault(key, LogicalKind.STRING);
    return ColumnType.scalar(name, typeName, SourceKind.POSTGRESQL, kind, nullable);
  }
}
