package dev.rivet.planner.tuning;

/**
 * How busy the source was with other clients when the plan was made: the sessions other than
 * Rivet's own that were working (running a statement, or inside a transaction) or had finished
 * working within the last second.
 *
 * @param active such sessions Rivet could see; -1 when not measured
 * @param othersHidden whether the export's user sees the state of its own sessions only, so that
 *     other users' sessions were not counted ({@code active} is a lower bound)
 * @param unknownReason why the sessions were not counted at all; null when they were
 */
public record SessionActivity(int active, boolean othersHidden, String unknownReason) {
  public SessionActivity {
    if (active < -1) {
      throw new IllegalArgumentException("active must be >= -1, got " + active);
    }
    if ((active < 0) != (unknownReason != null)) {
      throw new IllegalArgumentException("exactly an unmeasured activity has a reason");
    }
  }

  /** Every session seen, {@code active} of them working. */
  public static SessionActivity seen(int active) {
    return new SessionActivity(active, false, null);
  }

  /** The export user's own sessions seen only, {@code active} of them working. */
  public static SessionActivity ownOnly(int active) {
    return new SessionActivity(active, true, null);
  }

  /** Activity that was not measured, and why. */
  public static SessionActivity unknown(String reason) {
    return new SessionActivity(-1, false, reason);
  }
}
