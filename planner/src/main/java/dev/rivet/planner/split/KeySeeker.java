package dev.rivet.planner.split;

import java.util.OptionalLong;

/** Finds keys by position in key order, as an index walk does; the planner's only data access. */
@FunctionalInterface
public interface KeySeeker {
  /**
   * The axis position of the key {@code offset} entries after the first key {@code >= fromAxis}, or
   * empty when fewer keys remain.
   */
  OptionalLong keyAtOffset(long fromAxis, long offset);
}
