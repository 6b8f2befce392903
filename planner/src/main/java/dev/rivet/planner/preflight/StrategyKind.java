package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.TimeWindowMode;

/** How a plan reads its export, in the words preflight reports it. */
public enum StrategyKind {
  /** One statement reads everything. */
  SINGLE_READ("single_read", "single read"),
  /** Chunks over a key or column range, by rows. */
  CHUNKED_BY_KEY("chunked_by_key", "chunked by key"),
  /** A table with no split key, in chunks of its physical block ranges (PostgreSQL's ctid). */
  CHUNKED_BY_BLOCKS("chunked_by_blocks", "chunked by block ranges"),
  /** Chunks over row-value ranges of a composite, text or uuid key, placed by an index walk. */
  CHUNKED_BY_KEYSET("chunked_by_keyset", "chunked by keyset"),
  /** Rows past the stored mark of a cursor column. */
  INCREMENTAL_BY_CURSOR("incremental_by_cursor", "incremental by cursor"),
  /** Chunks of calendar days, weeks or months. */
  CHUNKED_BY_CALENDAR("chunked_by_calendar", "chunked by calendar"),
  /** The last N periods before the run. */
  TIME_WINDOW("time_window", "time window");

  private final String wireValue;
  private final String text;

  StrategyKind(String wireValue, String text) {
    this.wireValue = wireValue;
    this.text = text;
  }

  public String wireValue() {
    return wireValue;
  }

  /** For people, e.g. {@code chunked by key}. */
  public String text() {
    return text;
  }

  public static StrategyKind of(ExportPlan plan) {
    if (plan.export().mode() instanceof IncrementalMode) {
      return INCREMENTAL_BY_CURSOR;
    }
    if (plan.export().mode() instanceof TimeWindowMode) {
      return TIME_WINDOW;
    }
    if (plan.export().mode() instanceof ChunkedMode chunked) {
      return chunked.by() == ChunkBy.RANGE ? CHUNKED_BY_KEY : CHUNKED_BY_CALENDAR;
    }
    switch (plan.strategy()) {
      case SINGLE_READ:
        return SINGLE_READ;
      case BLOCK_RANGE:
        return CHUNKED_BY_BLOCKS;
      default:
        return plan.splitKey() != null && plan.splitKey().isKeyset()
            ? CHUNKED_BY_KEYSET
            : CHUNKED_BY_KEY;
    }
  }
}
