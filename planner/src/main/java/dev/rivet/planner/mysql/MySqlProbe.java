package dev.rivet.planner.mysql;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.preflight.ChunkExplain;
import dev.rivet.planner.preflight.SourceFacts;
import dev.rivet.planner.preflight.SourceProbe;
import dev.rivet.planner.preflight.TimeLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MySQL's and MariaDB's facts from server variables, {@code information_schema} and, when the user
 * may see it, the replica status; chunk queries explained with classic {@code EXPLAIN}, whose
 * columns both servers share.
 */
public record MySqlProbe() implements SourceProbe {

  @Override
  public SourceKind kind() {
    return SourceKind.MYSQL;
  }

  private static final int SYNTAX_ERROR = 1064;
  private static final String SIZE_SQL =
      "SELECT DATA_LENGTH FROM information_schema.TABLES"
          + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?";

  @Override
  public SourceFacts facts(Connection connection, Catalog catalog, Relation relation) {
    try (Statement s = connection.createStatement()) {
      String version;
      boolean readOnly;
      try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@read_only")) {
        rs.next();
        version = rs.getString(1);
        readOnly = rs.getBoolean(2);
      }
      boolean mariaDb = version.contains("MariaDB");
      TimeLimit limit = mariaDb ? mariaDbLimit(s) : mySqlLimit(s);
      Replication replication = replication(s);
      long rows = -1;
      long bytes = -1;
      long rowBytes = -1;
      if (relation instanceof TableRef table) {
        rows = catalog.estimatedRows(table);
        rowBytes = catalog.averageRowBytes(table);
        bytes = tableBytes(connection, table);
      }
      return new SourceFacts(
          mariaDb ? "MariaDB" : "MySQL",
          version,
          rows,
          bytes,
          rowBytes,
          -1,
          replication.replica(),
          replication.lagSeconds(),
          readOnly,
          limit,
          catalog.freeConnections());
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the server's settings");
    }
  }

  /** MariaDB's {@code max_statement_time} is in seconds, fractions allowed. */
  private static TimeLimit mariaDbLimit(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT @@max_statement_time")) {
      rs.next();
      return new TimeLimit("max_statement_time", Math.round(rs.getDouble(1) * 1000), false);
    }
  }

  /** MySQL's {@code max_execution_time} is in milliseconds and limits SELECT statements. */
  private static TimeLimit mySqlLimit(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT @@max_execution_time")) {
      rs.next();
      return new TimeLimit("max_execution_time", rs.getLong(1), false);
    }
  }

  /** Whether this server replicates from another, and how far behind; unknown without privilege. */
  record Replication(Boolean replica, Double lagSeconds) {}

  static Replication replication(Statement s) throws SQLException {
    try {
      return replication(s, "SHOW REPLICA STATUS");
    } catch (SQLException e) {
      if (e.getErrorCode() != SYNTAX_ERROR) {
        return unknownUnlessTransient(e);
      }
    }
    try {
      // MySQL before 8.0.22 and MariaDB before 10.5.1 know only the older name.
      return replication(s, "SHOW SLAVE STATUS");
    } catch (SQLException e) {
      return unknownUnlessTransient(e);
    }
  }

  private static Replication replication(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        return new Replication(false, null);
      }
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String label = md.getColumnLabel(i);
        if (label.equalsIgnoreCase("Seconds_Behind_Source")
            || label.equalsIgnoreCase("Seconds_Behind_Master")) {
          // NULL while replication is stopped: the lag is unknown, not zero.
          double lag = rs.getDouble(i);
          return new Replication(true, rs.wasNull() ? null : lag);
        }
      }
      return new Replication(true, null);
    }
  }

  /** A user without REPLICATION CLIENT (or REPLICA MONITOR) may not ask; a lost link fails. */
  private static Replication unknownUnlessTransient(SQLException e) {
    if (SqlErrors.translate(e, "reading the replica status").kind()
        == FailureKind.SOURCE_TRANSIENT) {
      throw SqlErrors.translate(e, "reading the replica status");
    }
    return new Replication(null, null);
  }

  private static long tableBytes(Connection connection, TableRef table) {
    try (PreparedStatement ps = connection.prepareStatement(SIZE_SQL)) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long bytes = rs.getLong(1);
        return rs.wasNull() ? -1 : bytes;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the size of " + table.describe());
    }
  }

  @Override
  public ChunkExplain explain(Connection connection, ExportPlan plan, Chunk chunk, String table) {
    try (PreparedStatement ps = SourceProbe.prepare(connection, "EXPLAIN ", plan, chunk);
        ResultSet rs = ps.executeQuery()) {
      return MySqlExplain.read(rs, table, chunk);
    } catch (SQLException e) {
      return SourceProbe.unavailable(e, chunk);
    }
  }
}
