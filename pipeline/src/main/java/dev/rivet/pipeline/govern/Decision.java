package dev.rivet.pipeline.govern;

/**
 * What the governor does after judging its window of samples, and why.
 *
 * @param action what changes
 * @param next the state the run reads in from now on
 * @param rowsPerSecond the rate the governor allows from now on; 0 for no rate of its own (the
 *     configured limits still hold)
 * @param reason what was measured against which threshold, e.g. {@code "probe latency p90 1.52 ms,
 *     max_source_latency 2x = 0.84 ms"}; empty for {@link Action#HOLD}
 */
public record Decision(Action action, GovernorState next, long rowsPerSecond, String reason) {
  /** What a decision changes. */
  public enum Action {
    /** Nothing: the state and rate stay as they are. */
    HOLD,
    /** A lower read rate (from normal: the first limit, at half the rate measured). */
    SLOW_DOWN,
    /** A slightly higher read rate while slowed. */
    SPEED_UP,
    /** From slowed to paused: far over a threshold (a probe behind a lock). */
    PAUSE,
    /** From paused back to the last rate, or from slowed back to normal at full rate. */
    RESUME,
    /**
     * A relative latency threshold measured again: the source stayed over it while the run read at
     * its lowest rate, so its latency is its own load's (the run's state and rate stay).
     */
    REBASE
  }
}
