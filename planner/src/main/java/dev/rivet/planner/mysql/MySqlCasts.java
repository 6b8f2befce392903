package dev.rivet.planner.mysql;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.OverrideTarget;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.planner.dialect.OverrideCasts;
import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL/MariaDB casts for column overrides: {@code CAST(col AS CHAR | SIGNED | DOUBLE |
 * DECIMAL(p,s) | DATETIME(6) | DATE | UUID | BINARY)} in the read session (time zone UTC). MySQL
 * casts in a SELECT do not fail: a value that does not convert becomes the nearest value with a
 * warning, which is why such casts need {@code allow_lossy}. There is no cast to JSON on MariaDB,
 * so {@code json} reads the text as it is; {@code timestamptz} reads a DATETIME's wall-clock time
 * as UTC. A column already of the asked type is read as it is.
 */
record MySqlCasts(MySqlDialect dialect) implements OverrideCasts {
  private static final Set<String> TEXT_TYPES =
      Set.of("CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT");

  @Override
  public String select(SourceColumn column, ColumnOverride override) {
    String name = dialect.quote(column.name());
    if (identity(column, override) || override.target() == OverrideTarget.JSON) {
      return name;
    }
    return "CAST(" + name + " AS " + sqlType(override) + ") AS " + name;
  }

  @Override
  public SourceColumn result(SourceColumn column, ColumnOverride override) {
    if (identity(column, override)) {
      return column;
    }
    return new SourceColumn(
        column.name(),
        jdbcType(override),
        typeName(override),
        override.precision(),
        override.scale(),
        column.nullable());
  }

  private static boolean identity(SourceColumn column, ColumnOverride override) {
    String type = column.typeName().toUpperCase(Locale.ROOT);
    switch (override.target()) {
      case TEXT:
        return TEXT_TYPES.contains(type);
      case DECIMAL:
        return type.equals("DECIMAL")
            && column.precision() == override.precision()
            && column.scale() == override.scale();
      default:
        return type.equals(typeName(override));
    }
  }

  private static String sqlType(ColumnOverride override) {
    switch (override.target()) {
      case TEXT:
        return "CHAR";
      case DECIMAL:
        return "DECIMAL(" + override.precision() + "," + override.scale() + ")";
      case INT64:
        return "SIGNED";
      case FLOAT64:
        return "DOUBLE";
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return "DATETIME(6)";
      case DATE:
        return "DATE";
      case UUID:
        return "UUID";
      case BINARY:
        return "BINARY";
      default:
        throw new IllegalStateException("no cast for override target " + override.target());
    }
  }

  private static String typeName(ColumnOverride override) {
    switch (override.target()) {
      case TEXT:
        return "VARCHAR";
      case JSON:
        return "JSON";
      case DECIMAL:
        return "DECIMAL";
      case INT64:
        return "BIGINT";
      case FLOAT64:
        return "DOUBLE";
      case TIMESTAMP:
        return "DATETIME";
      case TIMESTAMPTZ:
        return "TIMESTAMP";
      case DATE:
        return "DATE";
      case UUID:
        return "UUID";
      case BINARY:
        return "VARBINARY";
      default:
        throw new IllegalStateException("unhandled override target " + override.target());
    }
  }

  private static int jdbcType(ColumnOverride override) {
    switch (override.target()) {
      case TEXT:
      case JSON:
        return Types.VARCHAR;
      case DECIMAL:
        return Types.DECIMAL;
      case INT64:
        return Types.BIGINT;
      case FLOAT64:
        return Types.DOUBLE;
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return Types.TIMESTAMP;
      case DATE:
        return Types.DATE;
      case BINARY:
        return Types.VARBINARY;
      default:
        return Types.OTHER;
    }
  }
}
