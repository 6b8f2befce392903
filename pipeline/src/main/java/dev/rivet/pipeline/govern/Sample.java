package dev.rivet.pipeline.govern;

/**
 * One measurement of the source by the governor's probe, or a statistic of several ({@link
 * LatencyWindow#judged}).
 *
 * @param latencyMicros how long the probe took, or has been waiting so far when it has not
 *     returned, in microseconds; -1 when not measured
 * @param lagMillis how far the source, a replica, lags behind its primary; -1 when not measured (a
 *     primary, or a source that cannot tell)
 */
public record Sample(long latencyMicros, long lagMillis) {
  /** Nothing measured: the probe failed. */
  public static final Sample NONE = new Sample(-1, -1);

  /** A sample of {@code latencyMillis} milliseconds of latency. */
  public static Sample ofMillis(long latencyMillis, long lagMillis) {
    return new Sample(latencyMillis < 0 ? -1 : latencyMillis * 1_000, lagMillis);
  }
}
