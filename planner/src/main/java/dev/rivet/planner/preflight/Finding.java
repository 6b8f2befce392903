package dev.rivet.planner.preflight;

import java.util.Objects;

/**
 * One thing preflight found about an export, with what to do about it.
 *
 * @param message what was found, naming the export's table, column and figures
 * @param fix what to change, e.g. the {@code CREATE INDEX} statement to add
 */
public record Finding(FindingCode code, Severity severity, String message, String fix) {
  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }
}
