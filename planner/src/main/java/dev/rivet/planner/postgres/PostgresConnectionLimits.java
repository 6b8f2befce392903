package dev.rivet.planner.postgres;

import dev.rivet.planner.introspect.CatalogStatements;
import dev.rivet.planner.tuning.ConnectionLimit;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL's connection limits for the session's role and database: the server's
 * max_connections less its reserved slots, the role's and the database's connection limits.
 */
final class PostgresConnectionLimits {
  // A client backend of another role shows backend_type NULL to a role without pg_read_all_stats;
  // it is counted when it has a database, which also counts that role's autovacuum and parallel
  // workers: the count can only err towards fewer free connections. The planner's own session is
  // not counted: it closes before any chunk is read.
  private static final String OPEN =
      "(SELECT count(*) FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid()"
          + " AND (a.backend_type = 'client backend'"
          + " OR (a.backend_type IS NULL AND a.datid IS NOT NULL))";
  private static final String SQL =
      "SELECT current_setting('max_connections')::int,"
          + " current_setting('superuser_reserved_connections')::int,"
          // reserved_connections exists from PostgreSQL 16 on; NULL before.
          + " coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),"
          + (" " + OPEN + "),")
          + " r.rolname, r.rolsuper, r.rolconnlimit,"
          + (" " + OPEN + " AND a.usesysid = r.oid),")
          + " d.datname, d.datconnlimit,"
          + (" " + OPEN + " AND a.datid = d.oid)")
          + " FROM pg_roles r, pg_database d"
          + " WHERE r.rolname = session_user AND d.datname = current_database()";

  private PostgresConnectionLimits() {}

  static FreeConnections read(Connection connection) {
    try (PreparedStatement ps = connection.prepareStatement(SQL);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return FreeConnections.unknown("the session's role or database is not in the catalog");
      }
      int max = rs.getInt(1);
      int reserved = rs.getInt(2) + rs.getInt(3);
      List<ConnectionLimit> limits = new ArrayList<>();
      // Superusers may use the reserved slots, but those are kept for emergencies, not exports.
      limits.add(
          new ConnectionLimit(
              "max_connections (" + max + " less " + reserved + " reserved)",
              Math.max(0, max - reserved),
              rs.getLong(4)));
      boolean superuser = rs.getBoolean(6);
      // PostgreSQL does not apply role and database connection limits to superusers.
      if (!superuser && rs.getInt(7) >= 0) {
        limits.add(
            new ConnectionLimit(
                "the connection limit of role " + rs.getString(5), rs.getInt(7), rs.getLong(8)));
      }
      if (!superuser && rs.getInt(10) >= 0) {
        limits.add(
            new ConnectionLimit(
                "the connection limit of database " + rs.getString(9),
                rs.getInt(10),
                rs.getLong(11)));
      }
      return FreeConnections.of(limits);
    } catch (SQLException e) {
      return CatalogStatements.unknownUnlessTransient(e);
    }
  }
}
