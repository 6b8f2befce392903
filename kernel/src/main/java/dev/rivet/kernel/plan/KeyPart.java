package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a keyset key, in index order, and the kind of its values: {@link KeyType#INTEGER},
 * {@link KeyType#DATE}, {@link KeyType#TIMESTAMP}, {@link KeyType#TIMESTAMPTZ}, {@link
 * KeyType#TEXT} or {@link KeyType#UUID}.
 */
public record KeyPart(String column, KeyType type) implements Serializable {
  public KeyPart {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
    if (type == KeyType.KEYSET) {
      throw new IllegalArgumentException("a keyset key part cannot itself be a keyset");
    }
  }
}
