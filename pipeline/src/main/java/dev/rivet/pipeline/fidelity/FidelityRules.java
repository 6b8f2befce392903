package dev.rivet.pipeline.fidelity;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.sql.Types;
import java.util.Set;

/**
 * The one home of fidelity: of a column's own mapping (from the {@link ColumnType} the writers use)
 * and of an override, judged from the source column's mapped {@link LogicalKind} and the target,
 * the same on every database.
 */
final class FidelityRules {
  /** JDBC types whose values are text, so that a STRING column holds them as they are. */
  private static final Set<Integer> TEXT_JDBC_TYPES =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB);

  private static final String NOT_A_VALUE =
      "text that is not such a value fails the read (PostgreSQL) or becomes the nearest value or"
          + " NULL (MySQL)";

  private FidelityRules() {}

  /** The fidelity of a column written as the mapping writes it, without an override. */
  static Judgement natural(SourceColumn source, ColumnType type) {
    switch (type.kind()) {
      case STRING:
        return TEXT_JDBC_TYPES.contains(source.jdbcType())
            ? Judgement.exact()
            : Judgement.compatible("written as the source's text form");
      case NUMERIC_TEXT:
        return Judgement.compatible("exact decimal text: no Parquet DECIMAL holds the type");
      case TIMETZ:
        return Judgement.compatible("ISO-8601 text with the offset: Parquet has no such type");
      case LIST:
        LogicalKind element = type.element().kind();
        return element == LogicalKind.NUMERIC_TEXT || element == LogicalKind.TIMETZ
            ? Judgement.compatible("elements as exact text")
            : Judgement.exact();
      default:
        return Judgement.exact();
    }
  }

  /** The fidelity of casting a column mapped to {@code source} as {@code override} asks. */
  static Judgement override(ColumnType source, ColumnOverride override) {
    LogicalKind kind = source.kind();
    switch (override.target()) {
      case TEXT:
        return text(kind);
      case JSON:
        if (kind == LogicalKind.JSON) {
          return Judgement.exact();
        }
        return kind == LogicalKind.STRING
            ? Judgement.lossy(
                "text that is not JSON fails the read (PostgreSQL) or is written unchecked (MySQL)")
            : refused(source);
      case DECIMAL:
        return decimal(source, override.precision(), override.scale());
      case INT64:
        return int64(source);
      case FLOAT64:
        return float64(source);
      case TIMESTAMP:
        return timestamp(kind, source);
      case TIMESTAMPTZ:
        return timestamptz(kind, source);
      case DATE:
        switch (kind) {
          case DATE:
            return Judgement.exact();
          case TIMESTAMP:
          case TIMESTAMPTZ:
            return Judgement.lossy("the time of day is dropped (of the UTC time for instants)");
          case STRING:
            return Judgement.lossy(NOT_A_VALUE);
          default:
            return refused(source);
        }
      case UUID:
        if (kind == LogicalKind.UUID) {
          return Judgement.exact();
        }
        return kind == LogicalKind.STRING ? Judgement.lossy(NOT_A_VALUE) : refused(source);
      case BINARY:
        if (kind == LogicalKind.BYTES) {
          return Judgement.exact();
        }
        return kind == LogicalKind.STRING || kind == LogicalKind.JSON
            ? Judgement.compatible("the text's UTF-8 bytes")
            : refused(source);
      default:
        throw new IllegalStateException("unhandled override target " + override.target());
    }
  }

  private static Judgement text(LogicalKind kind) {
    switch (kind) {
      case STRING:
        return Judgement.exact();
      case GEOMETRY:
        return Judgement.refused(
            "spatial values have no exact text form here (use ST_AsText in a query export)");
      case BYTES:
        return Judgement.lossy("bytes that are not UTF-8 text change");
      default:
        return Judgement.compatible("written as the source's text form");
    }
  }

  private static int integerDigits(LogicalKind kind) {
    switch (kind) {
      case INT8:
        return 3;
      case INT16:
        return 5;
      case INT32:
        return 10;
      case INT64:
        return 19;
      default:
        return -1;
    }
  }

  private static Judgement decimal(ColumnType source, int precision, int scale) {
    int whole = precision - scale;
    int digits = integerDigits(source.kind());
    if (digits > 0) {
      return digits <= whole
          ? Judgement.exact()
          : Judgement.lossy(
              "integers of more than "
                  + whole
                  + " digits fail (PostgreSQL) or are clamped (MySQL)");
    }
    switch (source.kind()) {
      case DECIMAL:
        if (scale >= source.scale() && whole >= source.precision() - source.scale()) {
          return Judgement.exact();
        }
        return Judgement.lossy(
            scale < source.scale()
                ? "rounded to " + scale + " decimals"
                : "values of more than " + whole + " integer digits fail or are clamped");
      case NUMERIC_TEXT:
      case FLOAT:
      case DOUBLE:
        return Judgement.lossy(
            "rounded to " + scale + " decimals; values that do not fit fail or are clamped");
      case STRING:
        return Judgement.lossy(NOT_A_VALUE);
      default:
        return refused(source);
    }
  }

  private static Judgement int64(ColumnType source) {
    if (integerDigits(source.kind()) > 0) {
      return Judgement.exact();
    }
    switch (source.kind()) {
      case DECIMAL:
        return source.scale() == 0 && source.precision() <= 18
            ? Judgement.exact()
            : Judgement.lossy(
                "fractions are rounded; values beyond int64 fail (PostgreSQL) or wrap (MySQL)");
      case NUMERIC_TEXT:
      case FLOAT:
      case DOUBLE:
        return Judgement.lossy(
            "fractions are rounded; values beyond int64 fail (PostgreSQL) or wrap (MySQL)");
      case STRING:
        return Judgement.lossy(NOT_A_VALUE);
      default:
        return refused(source);
    }
  }

  private static Judgement float64(ColumnType source) {
    switch (source.kind()) {
      case FLOAT:
      case DOUBLE:
      case INT8:
      case INT16:
      case INT32:
        return Judgement.exact();
      case INT64:
        return Judgement.lossy("integers beyond 2^53 are rounded");
      case DECIMAL:
        return source.scale() == 0 && source.precision() <= 15
            ? Judgement.exact()
            : Judgement.lossy("decimals are rounded to the nearest double");
      case NUMERIC_TEXT:
        return Judgement.lossy("decimals are rounded to the nearest double");
      case STRING:
        return Judgement.lossy(NOT_A_VALUE);
      default:
        return refused(source);
    }
  }

  private static Judgement timestamp(LogicalKind kind, ColumnType source) {
    switch (kind) {
      case TIMESTAMP:
        return Judgement.exact();
      case DATE:
        return Judgement.compatible("midnight of the date");
      case TIMESTAMPTZ:
        return Judgement.lossy("the instant's UTC wall-clock time; the time zone is dropped");
      case STRING:
        return Judgement.lossy(NOT_A_VALUE);
      default:
        return refused(source);
    }
  }

  private static Judgement timestamptz(LogicalKind kind, ColumnType source) {
    switch (kind) {
      case TIMESTAMPTZ:
        return Judgement.exact();
      case TIMESTAMP:
        return Judgement.compatible("the wall-clock time is taken as UTC");
      case DATE:
        return Judgement.compatible("midnight UTC of the date");
      case STRING:
        return Judgement.lossy(NOT_A_VALUE);
      default:
        return refused(source);
    }
  }

  private static Judgement refused(ColumnType source) {
    return Judgement.refused(
        "a " + OutputForms.typeName(source) + " column cannot be cast to this type");
  }
}
