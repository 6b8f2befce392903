package dev.rivet.planner.preflight;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.Catalog;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What differs between sources in a preflight check: how server facts are read and how a chunk
 * query is explained. Reads server variables and catalog views, and runs EXPLAIN without executing
 * the query; never reads data rows.
 */
sealed interface SourceProbe permits PostgresProbe, MySqlProbe {

  /** The source's facts, and the table's when {@code relation} is a table. */
  SourceFacts facts(Connection connection, Catalog catalog, Relation relation);

  /**
   * EXPLAIN of the chunk's query with its bounds bound.
   *
   * @param table the exported table's name, whose access path is reported; null for a query
   */
  ChunkExplain explain(Connection connection, ExportPlan plan, Chunk chunk, String table);

  static SourceProbe of(Dialect dialect) {
    switch (dialect.kind()) {
      case POSTGRESQL:
        return new PostgresProbe();
      case MYSQL:
        return new MySqlProbe();
      default:
        throw new IllegalArgumentException("no source probe for " + dialect.kind());
    }
  }

  /** Prepares {@code prefix + chunk SQL} with the chunk's bounds bound. */
  static PreparedStatement prepare(
      Connection connection, String prefix, ExportPlan plan, Chunk chunk) throws SQLException {
    Dialect dialect = Dialect.of(plan.source());
    PreparedStatement statement =
        connection.prepareStatement(prefix + ChunkQueries.selectSql(dialect, plan, chunk));
    try {
      ChunkQueries.bind(statement, plan, chunk);
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * An EXPLAIN that failed for a reason other than a lost connection, recorded instead of failing
   * the check; a transient failure is thrown.
   */
  static ChunkExplain unavailable(SQLException e, Chunk chunk) {
    RivetException failure = SqlErrors.translate(e, "EXPLAIN of chunk " + chunk.index());
    if (failure.kind() == FailureKind.SOURCE_TRANSIENT) {
      throw failure;
    }
    return ChunkExplain.unavailable(chunk.index(), chunk.describeRange(), failure.getMessage());
  }

  /** The table's name for matching EXPLAIN output, or null for a query. */
  static String tableName(Relation relation) {
    return relation instanceof TableRef table ? table.name() : null;
  }
}
