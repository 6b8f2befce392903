package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The column chunk ranges are taken over. A full export's key is unique and non-null; a cursor or a
 * chosen chunk column need not be, as half-open ranges still place each row in exactly one chunk.
 *
 * <p>A keyset key ({@link #keyset}) is a unique, non-null key of one or more columns of any
 * orderable kind (text, uuid, composite); its chunks are ranges of row values whose bounds are
 * {@link KeyTuple} texts, compared by the source in the key's index order and collation.
 *
 * @param fallback columns read in order where {@code column} is NULL, as COALESCE(column,
 *     fallback...); empty for a plain column
 * @param parts the columns of a keyset key in index order ({@code column} is the first and {@code
 *     type} is {@link KeyType#KEYSET}); empty for any other key
 */
public record SplitKey(String column, KeyType type, List<String> fallback, List<KeyPart> parts)
    implements Serializable {
  public SplitKey {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    parts = parts == null ? List.of() : List.copyOf(parts);
    if ((type == KeyType.KEYSET) != !parts.isEmpty()) {
      throw new IllegalArgumentException("a KEYSET key, and only it, has parts: " + type + parts);
    }
    if (!parts.isEmpty() && (!fallback.isEmpty() || !parts.get(0).column().equals(column))) {
      throw new IllegalArgumentException(
          "a keyset key has no fallback and is named by its first part");
    }
    if (parts.isEmpty() && (type == KeyType.TEXT || type == KeyType.UUID)) {
      throw new IllegalArgumentException(type + " columns are split only as keyset key parts");
    }
  }

  public SplitKey(String column, KeyType type, List<String> fallback) {
    this(column, type, fallback, List.of());
  }

  public SplitKey(String column, KeyType type) {
    this(column, type, List.of());
  }

  /** A keyset key over {@code parts}, in index order. */
  public static SplitKey keyset(List<KeyPart> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a keyset key has at least one column");
    }
    return new SplitKey(parts.get(0).column(), KeyType.KEYSET, List.of(), parts);
  }

  /** Whether chunks are row-value ranges with {@link KeyTuple} bounds. */
  public boolean isKeyset() {
    return type == KeyType.KEYSET;
  }

  /**
   * e.g. {@code updated_at}, {@code COALESCE(updated_at, created_at)} or, for a keyset key, {@code
   * (tenant, name)}, unquoted.
   */
  public String describe() {
    if (isKeyset()) {
      return parts.stream().map(KeyPart::column).collect(Collectors.joining(", ", "(", ")"));
    }
    return fallback.isEmpty()
        ? column
        : "COALESCE(" + column + ", " + String.join(", ", fallback) + ")";
  }
}
