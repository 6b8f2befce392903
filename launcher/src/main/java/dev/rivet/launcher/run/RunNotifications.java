package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.notify.NotificationEvent;
import dev.rivet.launcher.notify.Notifier;
import dev.rivet.launcher.notify.RunEvent;
import dev.rivet.launcher.output.RunSummary;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one {@code rivet run} tells its notification targets: which events each export's outcome is,
 * and what becomes of a notification that could not be sent (a line in the run's summary, or on
 * standard error for a failed export). Never fails the run.
 */
public final class RunNotifications {
  private final Notifier notifier;
  private final Set<String> degradedRuns = ConcurrentHashMap.newKeySet();

  public RunNotifications(Notifier notifier) {
    this.notifier = notifier;
  }

  /** Remembers that the preflight judged this run DEGRADED and it runs anyway. */
  public void degraded(String runId) {
    degradedRuns.add(runId);
  }

  /** Tells the targets about a published run; who could not be told goes into the summary. */
  public RunSummary published(RunSummary summary) {
    Set<NotificationEvent> events = EnumSet.of(NotificationEvent.SUCCESS);
    if (summary.schemaChanged()) {
      events.add(NotificationEvent.SCHEMA_DRIFT);
    }
    if (summary.quality() != null && !summary.quality().path("breaches").isEmpty()) {
      events.add(NotificationEvent.QUALITY);
    }
    if (degradedRuns.contains(summary.runId())) {
      events.add(NotificationEvent.DEGRADED);
    }
    List<String> failures =
        notifier.send(
            new RunEvent(
                events,
                summary.export(),
                summary.runId(),
                summary.status(),
                0,
                "published "
                    + summary.rows()
                    + " rows in "
                    + summary.files()
                    + " file(s)"
                    + (summary.schemaChanged() ? "; the source schema changed" : ""),
                "",
                summary.rows(),
                summary.files(),
                summary.bytes(),
                summary.durationSeconds(),
                summary.output()));
    return failures.isEmpty() ? summary : summary.withNotificationFailures(failures);
  }

  /**
   * Tells the targets that an export failed; a notification not sent is reported on {@code err}.
   */
  public void failed(String export, RuntimeException e, PrintWriter err) {
    RivetException failure = Failures.explain(e);
    Set<NotificationEvent> events = EnumSet.of(NotificationEvent.FAILURE);
    if (failure.kind() == FailureKind.QUALITY) {
      events.add(NotificationEvent.QUALITY);
    }
    if (failure.kind() == FailureKind.SCHEMA_DRIFT) {
      events.add(NotificationEvent.SCHEMA_DRIFT);
    }
    List<String> failures;
    try {
      failures =
          notifier.send(
              new RunEvent(
                  events,
                  export,
                  null,
                  "FAILED",
                  failure.kind().exitCode(),
                  failure.getMessage(),
                  failure.hint(),
                  0,
                  0,
                  0,
                  0,
                  null));
    } catch (RuntimeException notSent) {
      failures = List.of("notifications: " + notSent.getMessage());
    }
    for (String notSent : failures) {
      err.printf("rivet: notification not sent: %s%n", notSent);
    }
    err.flush();
  }
}
