package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.run.Failures;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.tuning.SessionActivity;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the source user can count the source's other sessions, which {@code
 * tuning.yield_to_sessions} (the default profile's 2) needs to yield to a busy source: PostgreSQL
 * shows other users' sessions' state only to members of {@code pg_read_all_stats} (or {@code
 * pg_monitor}), and a user that sees only its own reads at full speed beside them. No line when no
 * export yields, or where the source's sessions are not counted (MySQL/MariaDB).
 */
final class SessionsCheck {
  static final String NAME = "source sessions";

  private SessionsCheck() {}

  static Optional<CheckResult> run(Connection connection, Dialect dialect, RivetConfig config) {
    List<String> yielding =
        config.exports().stream()
            .filter(e -> e.governor().yieldToSessions() > 0)
            .map(ExportSpec::name)
            .toList();
    if (yielding.isEmpty()) {
      return Optional.empty();
    }
    String exports = (yielding.size() == 1 ? "export " : "exports ") + String.join(", ", yielding);
    SessionActivity activity;
    try {
      activity = dialect.catalog(connection).sessionActivity();
    } catch (RuntimeException e) {
      RivetException failure = Failures.explain(e);
      return Optional.of(
          CheckResult.warn(
              NAME,
              "could not count the source's other sessions ("
                  + failure.getMessage()
                  + "): tuning.yield_to_sessions of "
                  + exports
                  + " will not either",
              failure.hint()));
    }
    if (activity.active() < 0) {
      return Optional.empty();
    }
    String user = config.source().user() == null ? "the source user" : config.source().user();
    if (activity.othersHidden()) {
      return Optional.of(
          CheckResult.warn(
              NAME,
              user
                  + " sees only its own sessions in pg_stat_activity: tuning.yield_to_sessions of "
                  + exports
                  + " cannot count other users' sessions, so they read at full speed on a busy"
                  + " source",
              "grant it pg_read_all_stats (or pg_monitor) so that they count: GRANT"
                  + " pg_read_all_stats TO "
                  + user
                  + "; or set tuning.yield_to_sessions: 0 to read at full speed knowingly"));
    }
    return Optional.of(
        CheckResult.pass(
            NAME,
            user
                + " sees every user's sessions ("
                + activity.active()
                + " other working now): tuning.yield_to_sessions of "
                + exports
                + " can count them"));
  }
}
