package dev.rivet.kernel.schema;

import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies the differences between an export's old and new schema, column by column. Pure and
 * deterministic: no changes exactly when the fingerprints are equal.
 *
 * <p>Columns are matched by name. A removed and an added column at the same position with the same
 * declared source type are reported once, as {@link ChangeKind#POSSIBLY_RENAMED}. A kept column
 * whose type differs is {@link ChangeKind#RETYPED_WIDENING} when every old value fits the new type
 * (a larger integer, a float to a double, a longer or unbounded string or binary, a numeric with at
 * least as many integer digits and as much scale, the same type with larger precision and scale),
 * else {@link ChangeKind#RETYPED_NARROWING}; a change of the output type alone counts as narrowing.
 */
public final class SchemaClassifier {
  private SchemaClassifier() {}

  /** Every change from {@code before} to {@code after}; empty when they are equal. */
  public static List<SchemaChange> compare(ExportSchema before, ExportSchema after) {
    List<ColumnSchema> old = before.columns();
    List<ColumnSchema> now = after.columns();
    Map<String, Integer> oldAt = positions(old);
    Map<String, Integer> nowAt = positions(now);
    List<SchemaChange> changes = new ArrayList<>();

    List<Integer> removed = new ArrayList<>();
    for (int i = 0; i < old.size(); i++) {
      if (!nowAt.containsKey(old.get(i).name())) {
        removed.add(i);
      }
    }
    List<Integer> added = new ArrayList<>();
    for (int j = 0; j < now.size(); j++) {
      if (!oldAt.containsKey(now.get(j).name())) {
        added.add(j);
      }
    }
    for (Integer i : List.copyOf(removed)) {
      if (added.contains(i) && old.get(i).sameSourceType(now.get(i))) {
        changes.add(
            new SchemaChange(
                ChangeKind.POSSIBLY_RENAMED,
                now.get(i).name(),
                old.get(i),
                now.get(i),
                i + 1,
                i + 1));
        removed.remove(i);
        added.remove(i);
      }
    }
    for (int i : removed) {
      changes.add(
          new SchemaChange(ChangeKind.REMOVED, old.get(i).name(), old.get(i), null, i + 1, 0));
    }
    for (int j : added) {
      changes.add(
          new SchemaChange(ChangeKind.ADDED, now.get(j).name(), null, now.get(j), 0, j + 1));
    }

    List<String> keptInOldOrder = new ArrayList<>();
    for (ColumnSchema column : old) {
      if (nowAt.containsKey(column.name())) {
        keptInOldOrder.add(column.name());
      }
    }
    List<String> keptInNewOrder = new ArrayList<>();
    for (ColumnSchema column : now) {
      if (oldAt.containsKey(column.name())) {
        keptInNewOrder.add(column.name());
      }
    }
    for (int k = 0; k < keptInNewOrder.size(); k++) {
      String name = keptInNewOrder.get(k);
      ColumnSchema b = old.get(oldAt.get(name));
      ColumnSchema a = now.get(nowAt.get(name));
      int from = oldAt.get(name) + 1;
      int to = nowAt.get(name) + 1;
      if (!b.sameSourceType(a) || !b.outputType().equals(a.outputType())) {
        ChangeKind kind = widens(b, a) ? ChangeKind.RETYPED_WIDENING : ChangeKind.RETYPED_NARROWING;
        changes.add(new SchemaChange(kind, name, b, a, from, to));
      }
      if (b.nullable() != a.nullable()) {
        changes.add(new SchemaChange(ChangeKind.NULLABILITY_CHANGED, name, b, a, from, to));
      }
      if (!keptInOldOrder.get(k).equals(name)) {
        changes.add(new SchemaChange(ChangeKind.REORDERED, name, b, a, from, to));
      }
    }
    return List.copyOf(changes);
  }

  /** Whether every value of {@code before}'s type fits {@code after}'s. */
  static boolean widens(ColumnSchema before, ColumnSchema after) {
    if (before.sameSourceType(after)) {
      return false; // only the output type changed: files change type, nothing widened
    }
    int b = before.jdbcType();
    int a = after.jdbcType();
    int intBefore = integerRank(b);
    int intAfter = integerRank(a);
    if (intBefore > 0 && intAfter > 0) {
      return intAfter > intBefore;
    }
    if (floatRank(b) > 0 && floatRank(a) > 0) {
      return floatRank(a) > floatRank(b);
    }
    if (ColumnSchema.isNumeric(b) && ColumnSchema.isNumeric(a)) {
      if (after.precision() <= 0) {
        return true; // unconstrained numeric holds any number
      }
      if (before.precision() <= 0) {
        return false;
      }
      return after.precision() - after.scale() >= before.precision() - before.scale()
          && after.scale() >= before.scale();
    }
    if ((ColumnSchema.isCharacter(b) && ColumnSchema.isCharacter(a))
        || (ColumnSchema.isBinary(b) && ColumnSchema.isBinary(a))) {
      return ColumnSchema.unbounded(after.precision())
          || (!ColumnSchema.unbounded(before.precision())
              && after.precision() >= before.precision());
    }
    return before.sourceType().equals(after.sourceType())
        && b == a
        && after.precision() >= before.precision()
        && after.scale() >= before.scale();
  }

  private static int integerRank(int jdbcType) {
    switch (jdbcType) {
      case Types.TINYINT:
        return 1;
      case Types.SMALLINT:
        return 2;
      case Types.INTEGER:
        return 3;
      case Types.BIGINT:
        return 4;
      default:
        return 0;
    }
  }

  private static int floatRank(int jdbcType) {
    switch (jdbcType) {
      case Types.REAL:
        return 1;
      case Types.FLOAT:
      case Types.DOUBLE:
        return 2;
      default:
        return 0;
    }
  }

  private static Map<String, Integer> positions(List<ColumnSchema> columns) {
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      at.putIfAbsent(columns.get(i).name(), i);
    }
    return at;
  }
}
