package dev.rivet.launcher.notify;

import java.util.Locale;

/** What a notification target may ask to hear about ({@code on:} in the config). */
public enum NotificationEvent {
  /** An export's run failed (any exit code but 0). */
  FAILURE,
  /** The source's columns changed since the accepted schema (warned, or failed the run). */
  SCHEMA_DRIFT,
  /** The run broke its quality contract (failed, or published with breaches). */
  QUALITY,
  /** The preflight judged the export DEGRADED and it ran anyway. */
  DEGRADED,
  /** A run was published. */
  SUCCESS;

  /** The name written in the config and sent in payloads. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
