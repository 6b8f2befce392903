package dev.rivet.planner.tuning;

import java.util.Objects;

/**
 * One limit on how many connections the source accepts from the exporting user, read at plan time:
 * how many it allows and how many are open against it besides the planner's own.
 *
 * @param name what imposes the limit, e.g. {@code "the connection limit of role rivet"}
 * @param allowed connections the limit allows
 * @param open connections open against the limit at plan time, not counting the planner's own
 */
public record ConnectionLimit(String name, long allowed, long open) {
  public ConnectionLimit {
    Objects.requireNonNull(name, "name");
    if (allowed < 0 || open < 0) {
      throw new IllegalArgumentException(
          name + ": allowed and open connections must be >= 0, got " + allowed + ", " + open);
    }
  }

  /** Connections this limit still admits, never negative. */
  public long free() {
    return Math.max(0, allowed - open);
  }

  /** For plan notes: {@code "<name> allows 3 and 1 is open"}. */
  public String describe() {
    return name + " allows " + allowed + " and " + open + (open == 1 ? " is" : " are") + " open";
  }
}
