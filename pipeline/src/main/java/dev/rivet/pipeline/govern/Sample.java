package dev.rivet.pipeline.govern;

/**
 * One measurement of the source by the governor's probe.
 *
 * @param latencyMillis how long the probe took, or has been waiting so far when it has not
 *     returned; -1 when not measured
 * @param lagMillis how far the source, a replica, lags behind its primary; -1 when not measured (a
 *     primary, or a source that cannot tell)
 */
public record Sample(long latencyMillis, long lagMillis) {
  /** Nothing measured: the probe failed. */
  public static final Sample NONE = new Sample(-1, -1);
}
