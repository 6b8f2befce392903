package dev.rivet.planner.postgres;

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
import java.sql.SQLException;

/**
 * PostgreSQL's facts from {@code current_setting} (including {@code shared_buffers}, which any user
 * may read), {@code pg_settings} and the recovery functions; chunk queries explained with {@code
 * EXPLAIN (FORMAT JSON)}, never ANALYZE.
 */
public record PostgresProbe() implements SourceProbe {

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRESQL;
  }

  // The replay timestamp is of the last replayed transaction: on an idle primary the lag grows
  // although the replica is caught up.
  private static final String SERVER_SQL =
      "SELECT current_setting('server_version'), pg_is_in_recovery(),"
          + " CASE WHEN pg_is_in_recovery()"
          + " THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END,"
          + " current_setting('transaction_read_only') = 'on',"
          + " (SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout'),"
          + " pg_size_bytes(current_setting('shared_buffers'))";
  private static final String SIZE_SQL =
      "SELECT CASE WHEN relkind IN ('r', 'm', 't') THEN pg_table_size(oid) END"
          + " FROM pg_class WHERE oid = ?::regclass";

  @Override
  public SourceFacts facts(Connection connection, Catalog catalog, Relation relation) {
    String version;
    boolean replica;
    Double lag;
    boolean readOnly;
    long timeoutMillis;
    long sharedBuffers;
    try (PreparedStatement ps = connection.prepareStatement(SERVER_SQL);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      version = rs.getString(1);
      replica = rs.getBoolean(2);
      double seconds = rs.getDouble(3);
      lag = rs.wasNull() ? null : seconds;
      readOnly = rs.getBoolean(4);
      timeoutMillis = rs.getLong(5);
      sharedBuffers = rs.getLong(6);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the server's settings");
    }
    long rows = -1;
    long bytes = -1;
    long rowBytes = -1;
    if (relation instanceof TableRef table) {
      rows = catalog.estimatedRows(table);
      rowBytes = catalog.averageRowBytes(table);
      bytes = tableBytes(connection, table);
    }
    return new SourceFacts(
        "PostgreSQL",
        version,
        rows,
        bytes,
        rowBytes,
        sharedBuffers,
        replica,
        lag,
        readOnly,
        new TimeLimit("statement_timeout", timeoutMillis, true),
        catalog.freeConnections());
  }

  private static long tableBytes(Connection connection, TableRef table) {
    try (PreparedStatement ps = connection.prepareStatement(SIZE_SQL)) {
      ps.setString(1, new PostgresDialect().qualified(table));
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
    try (PreparedStatement ps =
            SourceProbe.prepare(connection, "EXPLAIN (FORMAT JSON) ", plan, chunk);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return PostgresExplain.parse(rs.getString(1), table, chunk);
    } catch (SQLException e) {
      return SourceProbe.unavailable(e, chunk);
    }
  }
}
