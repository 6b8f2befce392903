package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps source columns to {@link ColumnType}s exactly: every PostgreSQL and MySQL type maps either
 * to a type that holds all its values or to its exact text form; nothing is rounded or truncated.
 */
public final class TypeMapper {
  private static final Map<String, LogicalKind> POSTGRES_KINDS =
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
          Map.entry("timestamptz", LogicalKind.TIMESTAMPTZ));

  private TypeMapper() {}

  /**
   * Maps each column; types without a dedicated mapping (PostgreSQL text, varchar, enums, interval,
   * inet, money, bit, ...; MySQL TIME, ENUM, SET, ...) become {@link LogicalKind#STRING} holding
   * the source's text form. See docs/type-mapping.md.
   *
   * @param source the source family, which fixes how each type is read
   * @throws RivetException USER_CONFIG for two columns with one name
   */
  public static List<ColumnType> map(List<SourceColumn> columns, SourceKind source) {
    List<ColumnType> types = new ArrayList<>(columns.size());
    Set<String> seen = new HashSet<>();
    for (SourceColumn column : columns) {
      if (!seen.add(column.name())) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "the result has two columns named '" + column.name() + "' (" + column.typeName() + ")",
            "give each column a unique name with AS in the export's query");
      }
      types.add(source == SourceKind.MYSQL ? MySqlTypes.map(column) : mapPostgres(column));
    }
    return List.copyOf(types);
  }

  private static ColumnType mapPostgres(SourceColumn column) {
    String typeName = column.typeName();
    if (column.jdbcType() == Types.ARRAY && typeName.startsWith("_")) {
      // pgjdbc reports no element precision, so numeric elements always keep their text form.
      ColumnType element = scalar("element", typeName.substring(1), 0, 0, true);
      return new ColumnType(
          column.name(),
          column.typeName(),
          SourceKind.POSTGRESQL,
          LogicalKind.LIST,
          column.nullable(),
          0,
          0,
          element);
    }
    return scalar(column.name(), typeName, column.precision(), column.scale(), column.nullable());
  }

  private static ColumnType scalar(
      String name, String typeName, int precision, int scale, boolean nullable) {
    String key = typeName.toLowerCase(Locale.ROOT);
    if (key.equals("numeric")) {
      // Unconstrained numeric is reported as precision 0 (older drivers: 131089); PostgreSQL 15
      // also allows a negative scale or one above the precision, which Parquet cannot annotate.
      boolean fits =
          precision >= 1
              && precision <= ColumnType.MAX_DECIMAL_PRECISION
              && scale >= 0
              && scale <= precision;
      return fits
          ? ColumnType.decimal(name, typeName, SourceKind.POSTGRESQL, nullable, precision, scale)
          : ColumnType.scalar(
              name, typeName, SourceKind.POSTGRESQL, LogicalKind.NUMERIC_TEXT, nullable);
    }
    LogicalKind kind = POSTGRES_KINDS.getOrDefault(key, LogicalKind.STRING);
    return ColumnType.scalar(name, typeName, SourceKind.POSTGRESQL, kind, nullable);
  }
}
