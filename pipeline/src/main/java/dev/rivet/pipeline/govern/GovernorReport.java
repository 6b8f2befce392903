package dev.rivet.pipeline.govern;

/**
 * What a run's governor did, for its summary.
 *
 * @param samples probes of the source taken
 * @param probeFailures probes that failed (each changed nothing; none fails the run)
 * @param slowdowns decisions to lower the read rate
 * @param pauses decisions to pause
 * @param resumes decisions to resume: out of a pause, or back to the full rate
 * @param pausedMillis time the run spent paused
 * @param throttledMillis time readers waited for the rate limits and the governed rate, summed over
 *     the readers
 * @param speedups decisions to raise the read rate
 * @param baselineLatencyMicros the base of a relative {@code max_source_latency} in force at the
 *     end: the probe latency measured before reading, or the latency of the last re-baseline; -1
 *     when not measured (absolute or no threshold)
 * @param latencyThresholdMicros the probe latency threshold in force; 0 when off
 * @param lowestRowsPerSecond the lowest read rate the governor set; 0 when it set none
 * @param rebaselines times a relative threshold was measured again because the source stayed over
 *     it while the run read at its lowest rate
 */
public record GovernorReport(
    long samples,
    long probeFailures,
    long slowdowns,
    long pauses,
    long resumes,
    long pausedMillis,
    long throttledMillis,
    long speedups,
    long baselineLatencyMicros,
    long latencyThresholdMicros,
    long lowestRowsPerSecond,
    long rebaselines) {

  /** Both reports' counts added: a run executed twice (a re-read of changed files). */
  public GovernorReport plus(GovernorReport other) {
    long lowest =
        lowestRowsPerSecond == 0
            ? other.lowestRowsPerSecond
            : other.lowestRowsPerSecond == 0
                ? lowestRowsPerSecond
                : Math.min(lowestRowsPerSecond, other.lowestRowsPerSecond);
    return new GovernorReport(
        samples + other.samples,
        probeFailures + other.probeFailures,
        slowdowns + other.slowdowns,
        pauses + other.pauses,
        resumes + other.resumes,
        pausedMillis + other.pausedMillis,
        throttledMillis + other.throttledMillis,
        speedups + other.speedups,
        Math.max(baselineLatencyMicros, other.baselineLatencyMicros),
        Math.max(latencyThresholdMicros, other.latencyThresholdMicros),
        lowest,
        rebaselines + other.rebaselines);
  }
}
