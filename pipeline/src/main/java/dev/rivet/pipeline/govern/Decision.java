package dev.rivet.pipeline.govern;

/**
 * What the governor does after one sample, and why.
 *
 * @param action what changes
 * @param next the state the run reads in from now on
 * @param reason what was measured against which threshold, e.g. {@code "probe latency 1520 ms >
 *     max_source_latency 250 ms"}; empty for {@link Action#HOLD}
 */
public record Decision(Action action, GovernorState next, String reason) {
  /** What a decision changes. */
  public enum Action {
    /** Nothing: the state stays as it is. */
    HOLD,
    /** From normal to slowed. */
    SLOW_DOWN,
    /** From slowed to paused. */
    PAUSE,
    /** Back to normal once the source recovered. */
    RESUME
  }
}
