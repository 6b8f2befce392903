package dev.rivet.launcher.notify;

import java.util.Set;

/**
 * What happened to one export in one command, as notifications tell it.
 *
 * @param runId the run, or null when the export failed before a run was planned
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param exitCode the exit code this export's outcome means (0 when published)
 * @param message the failure's message, or a one-line summary of a published run
 * @param hint what to do, for a failure; empty otherwise
 * @param output the run's folder, or null
 */
public record RunEvent(
    Set<NotificationEvent> events,
    String export,
    String runId,
    String status,
    int exitCode,
    String message,
    String hint,
    long rows,
    long files,
    long bytes,
    double durationSeconds,
    String output) {
  public RunEvent {
    events = Set.copyOf(events);
  }
}
