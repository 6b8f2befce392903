package dev.rivet.pipeline.govern;

/**
 * What a run's governor did, for its summary.
 *
 * @param samples probes of the source taken
 * @param probeFailures probes that failed (each changed nothing; none fails the run)
 * @param slowdowns decisions to slow down
 * @param pauses decisions to pause
 * @param resumes decisions to resume
 * @param pausedMillis time the run spent paused
 * @param throttledMillis time readers waited for the rate limits, summed over the readers
 */
public record GovernorReport(
    long samples,
    long probeFailures,
    long slowdowns,
    long pauses,
    long resumes,
    long pausedMillis,
    long throttledMillis) {

  /** Both reports' counts added: a run executed twice (a re-read of changed files). */
  public GovernorReport plus(GovernorReport other) {
    return new GovernorReport(
        samples + other.samples,
        probeFailures + other.probeFailures,
        slowdowns + other.slowdowns,
        pauses + other.pauses,
        resumes + other.resumes,
        pausedMillis + other.pausedMillis,
        throttledMillis + other.throttledMillis);
  }
}
