package dev.rivet.planner.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.tuning.SessionActivity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts the client sessions, in every database of the server, that are working (any state but
 * {@code idle}: running a statement, or inside a transaction between two) or went idle within the
 * last second, from {@code pg_stat_activity}; this session and Rivet's own (application names
 * {@code rivet} and {@code rivet-state}) are not counted. A user without {@code pg_read_all_stats}
 * (or {@code pg_monitor}, which includes it) sees the state of its own sessions only: the count is
 * then a lower bound, and says so.
 */
final class PostgresSessionActivity {
  static final String SQL =
      "SELECT count(*) FILTER (WHERE a.backend_type = 'client backend'"
          + " AND a.application_name NOT IN ('rivet', 'rivet-state')"
          + " AND (a.state <> 'idle' OR a.state_change > clock_timestamp() - interval '1 second')),"
          + " pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')"
          + " FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid()";

  private PostgresSessionActivity() {}

  static SessionActivity read(Connection connection) {
    try (PreparedStatement ps = connection.prepareStatement(SQL);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      int active = rs.getInt(1);
      boolean seesAll = rs.getBoolean(2);
      return seesAll ? SessionActivity.seen(active) : SessionActivity.ownOnly(active);
    } catch (SQLException e) {
      RivetException failure = SqlErrors.translate(e, "reading pg_stat_activity failed");
      if (failure.kind() == FailureKind.SOURCE_TRANSIENT) {
        throw failure;
      }
      return SessionActivity.unknown(failure.getMessage());
    }
  }
}
