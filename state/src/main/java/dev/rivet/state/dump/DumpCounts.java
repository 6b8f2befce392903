package dev.rivet.state.dump;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** How many rows of each table a dump holds (or an import loaded). */
public final class DumpCounts {
  private final Map<DumpTable, Long> counts = new EnumMap<>(DumpTable.class);

  public DumpCounts() {
    for (DumpTable table : DumpTable.values()) {
      counts.put(table, 0L);
    }
  }

  /** Counts one more row of {@code table}. */
  public void add(DumpTable table) {
    counts.merge(table, 1L, Long::sum);
  }

  public long of(DumpTable table) {
    return counts.get(table);
  }

  /** Every table's count, in dump order. */
  public Map<DumpTable, Long> asMap() {
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DumpCounts o && counts.equals(o.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
