package dev.rivet.pipeline.types;

import java.util.Map;
import java.util.TreeMap;

/** Counts of values written differently from the source, by reason; not thread-safe. */
public final class WarningCounts {
  public static final String INFINITY_CLAMPED = "infinity_clamped";
  public static final String INFINITY_NULLED = "infinity_nulled";
  public static final String ZERO_DATE_NULLED = "zero_date_nulled";
  public static final String ARRAY_BOUND_DROPPED = "array_bound_dropped";

  private final Map<String, Long> counts = new TreeMap<>();

  public void increment(String reason) {
    counts.merge(reason, 1L, Long::sum);
  }

  /** The counts added since {@code earlier}, a {@link #snapshot()} of these counts. */
  public Map<String, Long> since(Map<String, Long> earlier) {
    Map<String, Long> added = new TreeMap<>();
    counts.forEach(
        (reason, count) -> {
          long more = count - earlier.getOrDefault(reason, 0L);
          if (more > 0) {
            added.put(reason, more);
          }
        });
    return Map.copyOf(added);
  }

  /** An immutable copy of the counts so far. */
  public Map<String, Long> snapshot() {
    return Map.copyOf(counts);
  }
}
