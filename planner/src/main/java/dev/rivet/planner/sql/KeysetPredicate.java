package dev.rivet.planner.sql;

import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.split.KeyAxis;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A comparison of a keyset key's row value with one bound, {@code key >= bound} or {@code key <
 * bound}, compared by the source in the key columns' own collations (a bound parameter never
 * imposes its collation on a column). Where the dialect's optimizer turns a row-value comparison
 * into an index range it is written as one ({@code ("a", "b") >= (?, ?)}); elsewhere as its
 * expansion {@code "a" >= ? AND ("a" > ? OR ("a" = ? AND "b" >= ?))}, whose leading conjunct gives
 * the optimizer a range on the index's first column. Values are always bound parameters.
 *
 * @param sql the predicate, with {@code ?} placeholders
 * @param parts for each placeholder in order, the index of the key part whose value it takes
 */
public record KeysetPredicate(String sql, List<Integer> parts) {
  public KeysetPredicate {
    parts = List.copyOf(parts);
  }

  /** {@code key >= bound} when {@code lower}, else {@code key < bound}. */
  public static KeysetPredicate of(Dialect dialect, SplitKey key, boolean lower) {
    List<String> columns = key.parts().stream().map(p -> dialect.quote(p.column())).toList();
    String op = lower ? ">=" : "<";
    List<Integer> parts = new ArrayList<>();
    if (columns.size() == 1) {
      parts.add(0);
      return new KeysetPredicate(columns.get(0) + " " + op + " ?", parts);
    }
    if (dialect.indexesRowValues()) {
      for (int i = 0; i < columns.size(); i++) {
        parts.add(i);
      }
      String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
      return new KeysetPredicate(
          "(" + String.join(", ", columns) + ") " + op + " (" + placeholders + ")", parts);
    }
    StringBuilder sql =
        new StringBuilder(columns.get(0)).append(lower ? " >= ?" : " <= ?").append(" AND ");
    parts.add(0);
    expand(columns, 0, lower, sql, parts);
    return new KeysetPredicate(sql.toString(), parts);
  }

  private static void expand(
      List<String> columns, int i, boolean lower, StringBuilder sql, List<Integer> parts) {
    if (i == columns.size() - 1) {
      sql.append(columns.get(i)).append(lower ? " >= ?" : " < ?");
      parts.add(i);
      return;
    }
    sql.append('(').append(columns.get(i)).append(lower ? " > ?" : " < ?");
    parts.add(i);
    sql.append(" OR (").append(columns.get(i)).append(" = ? AND ");
    parts.add(i);
    expand(columns, i + 1, lower, sql, parts);
    sql.append("))");
  }

  /**
   * Binds {@code bound}'s values to this predicate's placeholders, starting at {@code first}.
   *
   * @return the index of the next placeholder
   */
  public int bind(PreparedStatement statement, int first, SplitKey key, KeyTuple bound)
      throws SQLException {
    if (bound.values().size() != key.parts().size()) {
      throw new IllegalArgumentException(
          "keyset bound "
              + bound.encode()
              + " has "
              + bound.values().size()
              + " values; the key "
              + key.describe()
              + " has "
              + key.parts().size()
              + " columns");
    }
    int index = first;
    for (int part : parts) {
      statement.setObject(index++, value(key.parts().get(part), bound.values().get(part)));
    }
    return index;
  }

  /** The JDBC value of one part's boundary text. */
  static Object value(KeyPart part, String text) {
    if (part.type() == KeyType.TEXT) {
      return text;
    }
    if (part.type() == KeyType.UUID) {
      return UUID.fromString(text);
    }
    return KeyAxis.parse(part.type(), text);
  }
}
