package dev.rivet.planner.dialect;

import java.util.List;
import java.util.Optional;

/**
 * The keyset key a table is split on (its primary key, else its first usable unique index whose
 * columns are all NOT NULL), and why each other unique index was refused, e.g. a nondeterministic
 * collation or a nullable column: what a plan note says when none is usable.
 *
 * @param key the chosen key, or null when no index is usable
 * @param refused one reason per refused index, e.g. {@code "unique index t_name_key: column name
 *     uses the nondeterministic collation und-ci"}
 */
public record KeysetChoice(KeyCandidate key, List<String> refused) {
  public KeysetChoice {
    refused = List.copyOf(refused);
  }

  public Optional<KeyCandidate> candidate() {
    return Optional.ofNullable(key);
  }
}
