package dev.rivet.planner.model;

import java.io.Serializable;

/**
 * One bounded read: rows with {@code lowerInclusive <= key < upperExclusive}. A null bound is open,
 * so the first chunk has no lower bound and the last none upper: together the chunks of a plan
 * cover every possible key exactly once, including keys inserted after planning. A chunk of an
 * unsplit export has both bounds null.
 */
public record Chunk(int index, String lowerInclusive, String upperExclusive)
    implements Serializable {
  public Chunk {
    if (index < 0) {
      throw new IllegalArgumentException("chunk index must be >= 0, got " + index);
    }
  }

  public static Chunk whole() {
    return new Chunk(0, null, null);
  }

  public boolean isUnbounded() {
    return lowerInclusive == null && upperExclusive == null;
  }

  /** e.g. {@code [100, 200)}, {@code (-inf, 100)}, {@code [200, +inf)}. */
  public String describeRange() {
    return (lowerInclusive == null ? "(-inf" : "[" + lowerInclusive)
        + ", "
        + (upperExclusive == null ? "+inf)" : upperExclusive + ")");
  }
}
