package dev.rivet.planner.modes;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Types;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds a configured cursor or chunk column among an export's columns and types it. */
public final class KeyColumns {
  private KeyColumns() {}

  /** The column named {@code name} (exactly, else ignoring case when that is unambiguous). */
  static SourceColumn find(String export, String role, String name, List<SourceColumn> columns) {
    for (SourceColumn column : columns) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    List<SourceColumn> folded =
        columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).toList();
    if (folded.size() == 1) {
      return folded.get(0);
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        "export '"
            + export
            + "': "
            + role
            + " column '"
            + name
            + "' is not among the columns read ("
            + columns.stream().map(SourceColumn::name).collect(Collectors.joining(", "))
            + ")",
        "name one of these columns; for a query export, the column must be in its SELECT list");
  }

  /** The split type of a column, or empty when chunks cannot be taken over it. */
  public static Optional<KeyType> keyType(SourceColumn column) {
    String typeName = column.typeName().toLowerCase(Locale.ROOT);
    switch (column.jdbcType()) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return Optional.of(KeyType.INTEGER);
      case Types.DATE:
        return typeName.startsWith("year") ? Optional.empty() : Optional.of(KeyType.DATE);
      case Types.TIMESTAMP:
        return Optional.of(
            typeName.equals("timestamptz") ? KeyType.TIMESTAMPTZ : KeyType.TIMESTAMP);
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return Optional.of(KeyType.TIMESTAMPTZ);
      default:
        return Optional.empty();
    }
  }

  /**
   * Whether the column's values are instants: PostgreSQL timestamptz, and MySQL TIMESTAMP, which
   * Rivet reads in a UTC session so that its wall-clock text is the UTC instant. PostgreSQL's
   * {@code timestamp} shares MySQL's type name but is wall-clock time.
   */
  static boolean holdsInstants(SourceColumn column, KeyType type, Dialect dialect) {
    return dialect.holdsInstants(column, type);
  }

  /** The key over {@code column} and its fallbacks, all of one split type. */
  static Typed key(
      String export,
      String role,
      String column,
      List<String> fallback,
      List<SourceColumn> columns,
      Dialect dialect) {
    SourceColumn main = find(export, role, column, columns);
    KeyType type = typeOf(export, role, main);
    boolean nullable = main.nullable();
    List<String> fallbackNames = new java.util.ArrayList<>();
    for (String name : fallback) {
      SourceColumn other = find(export, role + " fallback", name, columns);
      KeyType otherType = typeOf(export, role + " fallback", other);
      if (otherType != type) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "export '"
                + export
                + "': fallback column '"
                + other.name()
                + "' is "
                + describe(otherType)
                + " but "
                + role
                + " column '"
                + main.name()
                + "' is "
                + describe(type),
            "use fallback columns of the same type as the " + role + " column");
      }
      nullable = nullable && other.nullable();
      fallbackNames.add(other.name());
    }
    return new Typed(
        new SplitKey(main.name(), type, fallbackNames),
        holdsInstants(main, type, dialect),
        nullable);
  }

  private static KeyType typeOf(String export, String role, SourceColumn column) {
    return keyType(column)
        .orElseThrow(
            () ->
                new RivetException(
                    FailureKind.USER_CONFIG,
                    "export '"
                        + export
                        + "': "
                        + role
                        + " column '"
                        + column.name()
                        + "' is "
                        + column.typeName()
                        + ", which cannot be ranged over",
                    "use an integer, date or timestamp column"));
  }

  static String describe(KeyType type) {
    switch (type) {
      case INTEGER:
        return "an integer";
      case DATE:
        return "a date";
      case TIMESTAMP:
        return "a timestamp";
      default:
        return "a timestamp with time zone";
    }
  }

  /**
   * A key with what planning needs to know of its column.
   *
   * @param instants whether its values are instants (see {@link #holdsInstants})
   * @param nullable whether a row can have a NULL key (every fallback NULL too)
   */
  record Typed(SplitKey key, boolean instants, boolean nullable) {
    dev.rivet.planner.split.CalendarAxis calendar(ZoneId zone) {
      return new dev.rivet.planner.split.CalendarAxis(key.type(), instants, zone);
    }
  }
}
