package dev.rivet.planner.tuning;

/**
 * How busy the source was with other clients when the plan was made: the sessions other than
 * Rivet's own that were working (running a statement, or inside a transaction) or had finished
 * working within the last second.
 *
 * @param active such sessions Rivet could see; -1 when not measured
 * @param unknownReason why sessions may have been missed or were not counted at all (e.g. the user
 *     may not see other users' sessions); null when every session was seen
 */
public record SessionActivity(int active, String unknownReason) {
  public SessionActivity {
    if (active < -1) {
      throw new IllegalArgumentException("active must be >= -1, got " + active);
    }
    if (active < 0 && unknownReason == null) {
      throw new IllegalArgumentException("an unmeasured activity needs a reason");
    }
  }

  /** Activity that was not measured, and why. */
  public static SessionActivity unknown(String reason) {
    return new SessionActivity(-1, reason);
  }
}
