package dev.rivet.kernel.plan;

import java.util.Locale;

/** How {@link ChunkedMode} places boundaries. */
public enum ChunkBy {
  /** By rows: boundaries at the column's real values, so chunks hold similar row counts. */
  RANGE,
  /** Calendar days in the stated time zone. */
  DAY,
  /** ISO weeks (Monday to Sunday) in the stated time zone. */
  WEEK,
  /** Calendar months in the stated time zone. */
  MONTH;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
