package dev.rivet.planner.introspect;

import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.KeysetChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a table's unique indexes column by column, as a catalog query lists them (best index
 * first: the primary key, then the others by name; columns in index order), and chooses the first
 * whose every column is usable. Each dialect decides whether a column is usable; this only groups.
 */
public final class KeysetCandidates {
  private final Map<String, Index> indexes = new LinkedHashMap<>();

  private static final class Index {
    final boolean primary;
    final List<KeyPart> parts = new ArrayList<>();
    String refusal;

    Index(boolean primary) {
      this.primary = primary;
    }
  }

  /** A usable column of index {@code index}. */
  public void column(String index, boolean primary, KeyPart part) {
    indexes.computeIfAbsent(index, i -> new Index(primary)).parts.add(part);
  }

  /** A column that makes index {@code index} unusable, and why (the first reason is kept). */
  public void refuse(String index, boolean primary, String reason) {
    Index entry = indexes.computeIfAbsent(index, i -> new Index(primary));
    if (entry.refusal == null) {
      entry.refusal = reason;
    }
  }

  /** The first usable index as a keyset key, and why every refused index was refused. */
  public KeysetChoice choose() {
    KeyCandidate chosen = null;
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, Index> entry : indexes.entrySet()) {
      Index index = entry.getValue();
      String name = (index.primary ? "primary key " : "unique index ") + entry.getKey();
      if (index.refusal != null) {
        refused.add(name + ": " + index.refusal);
      } else if (chosen == null && !index.parts.isEmpty()) {
        chosen =
            new KeyCandidate(
                SplitKey.keyset(index.parts),
                index.primary ? "primary key" : "unique non-null index " + entry.getKey());
      }
    }
    return new KeysetChoice(chosen, refused);
  }
}
