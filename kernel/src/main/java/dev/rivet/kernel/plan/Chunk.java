package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * One bounded read: rows with {@code lowerInclusive <= key < upperExclusive}. A null bound is open:
 * a full export's first chunk has no lower bound and its last none upper, so its chunks cover every
 * possible key exactly once, including keys inserted after planning. A chunk of an unsplit export
 * has both bounds null. A {@code nullKeys} chunk reads the rows whose key is NULL, and has no
 * bounds.
 */
public record Chunk(int index, String lowerInclusive, String upperExclusive, boolean nullKeys)
    implements Serializable {
  public Chunk {
    if (index < 0) {
      throw new IllegalArgumentException("chunk index must be >= 0, got " + index);
    }
    if (nullKeys && (lowerInclusive != null || upperExclusive != null)) {
      throw new IllegalArgumentException("the NULL-key chunk has no bounds");
    }
  }

  public Chunk(int index, String lowerInclusive, String upperExclusive) {
    this(index, lowerInclusive, upperExclusive, false);
  }

  public static Chunk whole() {
    return new Chunk(0, null, null);
  }

  /** The chunk of rows whose key is NULL. */
  public static Chunk ofNullKeys(int index) {
    return new Chunk(index, null, null, true);
  }

  /** Whether the chunk reads every row (no bounds and not the NULL-key chunk). */
  public boolean isUnbounded() {
    return lowerInclusive == null && upperExclusive == null && !nullKeys;
  }

  /** e.g. {@code [100, 200)}, {@code (-inf, 100)}, {@code [200, +inf)}, {@code NULL}. */
  public String describeRange() {
    if (nullKeys) {
      return "NULL";
    }
    return (lowerInclusive == null ? "(-inf" : "[" + lowerInclusive)
        + ", "
        + (upperExclusive == null ? "+inf)" : upperExclusive + ")");
  }
}
