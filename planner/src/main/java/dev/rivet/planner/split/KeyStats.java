package dev.rivet.planner.split;

import dev.rivet.kernel.plan.KeyType;
import java.util.Objects;

/**
 * What the planner knows about a split key at plan time, with boundaries already mapped to a {@code
 * long} axis (the integer itself, days since epoch, or microseconds since epoch).
 *
 * @param estimatedRows the source's row estimate, or -1 when it has none
 */
public record KeyStats(KeyType type, long min, long max, long estimatedRows) {
  public KeyStats {
    Objects.requireNonNull(type, "type");
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
  }
}
