package dev.rivet.planner.preflight;

import java.util.Objects;

/**
 * Whether the column an export ranges over (cursor, chunk or window column) leads an index of the
 * exported table.
 *
 * @param role {@code cursor}, {@code chunk} or {@code window}
 * @param column the column, or the COALESCE expression of a cursor with fallbacks
 * @param indexed whether range reads on it can use an index
 * @param createIndex the statement that adds the missing index, as migration guidance
 */
record KeyIndex(String role, String column, boolean indexed, String createIndex) {
  KeyIndex {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(createIndex, "createIndex");
  }
}
