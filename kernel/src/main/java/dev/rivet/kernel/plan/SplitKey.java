package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The column chunk ranges are taken over. A full export's key is unique and non-null; a cursor or a
 * chosen chunk column need not be, as half-open ranges still place each row in exactly one chunk.
 *
 * @param fallback columns read in order where {@code column} is NULL, as COALESCE(column,
 *     fallback...); empty for a plain column
 */
public record SplitKey(String column, KeyType type, List<String> fallback) implements Serializable {
  public SplitKey {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
  }

  public SplitKey(String column, KeyType type) {
    this(column, type, List.of());
  }

  /** e.g. {@code updated_at} or {@code COALESCE(updated_at, created_at)}, unquoted. */
  public String describe() {
    return fallback.isEmpty()
        ? column
        : "COALESCE(" + column + ", " + String.join(", ", fallback) + ")";
  }
}
