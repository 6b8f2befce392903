package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.planner.dialect.OverrideCasts;
import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL's casts for column overrides: {@code CAST(col AS <type>)}, evaluated in the read
 * session (time zone UTC), so a failing value fails the statement. A column already of the asked
 * type, and a text column asked for text (whose cast would drop {@code char(n)}'s blank padding),
 * is read as it is; text to binary is its UTF-8 bytes ({@code convert_to}).
 */
record PostgresCasts(PostgresDialect dialect) implements OverrideCasts {
  private static final Set<String> TEXT_TYPES =
      Set.of("text", "varchar", "bpchar", "char", "name", "citext");

  @Override
  public String select(SourceColumn column, ColumnOverride override) {
    String name = dialect.quote(column.name());
    if (identity(column, override)) {
      return name;
    }
    switch (override.target()) {
      case BINARY:
        return "convert_to(CAST(" + name + " AS text), 'UTF8') AS " + name;
      case DECIMAL:
        return "CAST("
            + name
            + " AS numeric("
            + override.precision()
            + ","
            + override.scale()
            + ")) AS "
            + name;
      default:
        return "CAST(" + name + " AS " + typeName(override) + ") AS " + name;
    }
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
    String type = column.typeName().toLowerCase(Locale.ROOT);
    switch (override.target()) {
      case TEXT:
        return TEXT_TYPES.contains(type);
      case JSON:
        return type.equals("json") || type.equals("jsonb");
      case DECIMAL:
        return type.equals("numeric")
            && column.precision() == override.precision()
            && column.scale() == override.scale();
      default:
        return type.equals(typeName(override));
    }
  }

  private static String typeName(ColumnOverride override) {
    switch (override.target()) {
      case TEXT:
        return "text";
      case JSON:
        return "json";
      case DECIMAL:
        return "numeric";
      case INT64:
        return "int8";
      case FLOAT64:
        return "float8";
      case TIMESTAMP:
        return "timestamp";
      case TIMESTAMPTZ:
        return "timestamptz";
      case DATE:
        return "date";
      case UUID:
        return "uuid";
      case BINARY:
        return "bytea";
      default:
        throw new IllegalStateException("unhandled override target " + override.target());
    }
  }

  private static int jdbcType(ColumnOverride override) {
    switch (override.target()) {
      case TEXT:
        return Types.VARCHAR;
      case DECIMAL:
        return Types.NUMERIC;
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
        return Types.BINARY;
      default:
        return Types.OTHER;
    }
  }
}
