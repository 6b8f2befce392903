package dev.rivet.pipeline.mysql;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.SourceTypes;
import dev.rivet.pipeline.types.SourceValueReader;
import dev.rivet.pipeline.types.ValuePolicies;
import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a MySQL/MariaDB result column, as MariaDB Connector/J describes it, to a {@link ColumnType}
 * that holds every value of the source type. Unsigned integers widen to the next type that holds
 * their maximum; BIGINT UNSIGNED becomes DECIMAL(20,0). Spatial values keep their SRID. Zero and
 * invalid dates follow the export's {@link ZeroDatePolicy}.
 */
public record MySqlTypes() implements SourceTypes {
  private static final String UNSIGNED = " UNSIGNED";

  /** Exact digits of 18446744073709551615, the BIGINT UNSIGNED maximum. */
  static final int UNSIGNED_BIGINT_DIGITS = 20;

  private static final Set<String> BYTE_TYPES =
      Set.of("BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB");

  /** Spatial types, which arrive in the server's internal form: SRID, then WKB. */
  private static final Set<String> SPATIAL_TYPES =
      Set.of(
          "GEOMETRY",
          "POINT",
          "LINESTRING",
          "POLYGON",
          "MULTIPOINT",
          "MULTILINESTRING",
          "MULTIPOLYGON",
          "GEOMETRYCOLLECTION",
          "GEOMCOLLECTION");

  @Override
  public SourceKind kind() {
    return SourceKind.MYSQL;
  }

  @Override
  public SourceValueReader reader(ColumnSlot column) {
    return new MySqlValueReader(column);
  }

  /** Only the zero-date policy writes values as NULL: zero and invalid dates. */
  @Override
  public boolean mayNull(ColumnType type, ValuePolicies policies) {
    return policies.onZeroDate() == ZeroDatePolicy.NULL && type.kind().hasSpecialDates();
  }

  @Override
  public ColumnType map(SourceColumn column) {
    String typeName = column.typeName();
    String upper = typeName.toUpperCase(Locale.ROOT).replace(" ZEROFILL", "").trim();
    boolean unsigned = upper.endsWith(UNSIGNED);
    String base = unsigned ? upper.substring(0, upper.length() - UNSIGNED.length()) : upper;
    String name = column.name();
    boolean nullable = column.nullable();
    switch (base) {
      case "BOOL":
      case "BOOLEAN":
        return scalar(column, LogicalKind.BOOLEAN);
      case "BIT":
        // BIT(1) is a flag; wider BIT(n) keeps its ceil(n/8) big-endian bytes.
        return scalar(column, column.precision() <= 1 ? LogicalKind.BOOLEAN : LogicalKind.BYTES);
      case "TINYINT":
        return scalar(column, unsigned ? LogicalKind.INT16 : LogicalKind.INT8);
      case "SMALLINT":
        return scalar(column, unsigned ? LogicalKind.INT32 : LogicalKind.INT16);
      case "MEDIUMINT":
        return scalar(column, LogicalKind.INT32);
      case "INT":
      case "INTEGER":
        return scalar(column, unsigned ? LogicalKind.INT64 : LogicalKind.INT32);
      case "BIGINT":
        return unsigned
            ? ColumnType.decimal(
                name, typeName, SourceKind.MYSQL, nullable, UNSIGNED_BIGINT_DIGITS, 0)
            : scalar(column, LogicalKind.INT64);
      case "DECIMAL":
      case "NUMERIC":
        return decimal(column);
      case "FLOAT":
        return scalar(column, LogicalKind.FLOAT);
      case "DOUBLE":
      case "DOUBLE PRECISION":
      case "REAL":
        return scalar(column, LogicalKind.DOUBLE);
      case "YEAR":
        return scalar(column, LogicalKind.INT16);
      case "DATE":
        return scalar(column, LogicalKind.DATE);
      case "DATETIME":
        return scalar(column, LogicalKind.TIMESTAMP);
      case "TIMESTAMP":
        return scalar(column, LogicalKind.TIMESTAMPTZ);
      case "JSON":
        return scalar(column, LogicalKind.JSON);
      case "UUID":
        // MariaDB 10.7+.
        return scalar(column, LogicalKind.UUID);
      default:
        if (SPATIAL_TYPES.contains(base)) {
          return scalar(column, LogicalKind.GEOMETRY);
        }
        return scalar(
            column, isBinary(base, column.jdbcType()) ? LogicalKind.BYTES : LogicalKind.STRING);
    }
  }

  /** DECIMAL(p,s) up to Parquet's 38 digits; wider (MySQL allows 65) keeps its exact text. */
  private static ColumnType decimal(SourceColumn column) {
    int precision = column.precision();
    int scale = column.scale();
    boolean fits =
        precision >= 1
            && precision <= ColumnType.MAX_DECIMAL_PRECISION
            && scale >= 0
            && scale <= precision;
    return fits
        ? ColumnType.decimal(
            column.name(), column.typeName(), SourceKind.MYSQL, column.nullable(), precision, scale)
        : scalar(column, LogicalKind.NUMERIC_TEXT);
  }

  private static boolean isBinary(String base, int jdbcType) {
    return BYTE_TYPES.contains(base)
        || jdbcType == Types.BINARY
        || jdbcType == Types.VARBINARY
        || jdbcType == Types.LONGVARBINARY
        || jdbcType == Types.BLOB;
  }

  private static ColumnType scalar(SourceColumn column, LogicalKind kind) {
    return ColumnType.scalar(
        column.name(), column.typeName(), SourceKind.MYSQL, kind, column.nullable());
  }
}
