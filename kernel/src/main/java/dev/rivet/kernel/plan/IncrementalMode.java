package dev.rivet.kernel.plan;

import java.util.List;
import java.util.Objects;

/**
 * Rows whose cursor lies past the stored high-water mark, re-reading {@code lookback} before it for
 * late-arriving rows. The first run, with no mark, reads the whole history.
 *
 * @param fallback columns read, in order, where the cursor column is NULL (COALESCE)
 */
public record IncrementalMode(String column, CursorType type, List<String> fallback, Span lookback)
    implements ExtractMode {
  public IncrementalMode {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    lookback = lookback == null ? Span.NONE : lookback;
    if (type == CursorType.INT && lookback.unit() != SpanUnit.KEYS) {
      throw new IllegalArgumentException(
          "an int cursor's lookback is a number of key values, not '" + lookback + "'");
    }
    if (type == CursorType.DATE && lookback.unit().isFixed()) {
      throw new IllegalArgumentException(
          "a date cursor's lookback is in days, weeks or months, not '" + lookback + "'");
    }
    if (type == CursorType.TIMESTAMP && lookback.unit() == SpanUnit.KEYS && !lookback.none()) {
      throw new IllegalArgumentException(
          "a timestamp cursor's lookback needs a unit, e.g. 2 hours or 1 day, not '"
              + lookback
              + "'");
    }
  }

  /** The cursor as a split key: the column, or COALESCE of it and its fallbacks. */
  public SplitKey key(KeyType keyType) {
    return new SplitKey(column, keyType, fallback);
  }

  @Override
  public String wireName() {
    return "incremental";
  }
}
