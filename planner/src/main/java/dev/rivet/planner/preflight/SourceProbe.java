package dev.rivet.planner.preflight;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ServiceLoader;

/**
 * What differs between sources in a preflight check: how server facts are read and how a chunk
 * query is explained. Reads server variables and catalog views, and runs EXPLAIN without executing
 * the query; never reads data rows.
 */
public interface SourceProbe {

  /** The source's facts, and the table's when {@code relation} is a table. */
  SourceFacts facts(Connection connection, Catalog catalog, Relation relation);

  /**
   * EXPLAIN of the chunk's query with its bounds bound.
   *
   * @param table the exported table's name, whose access path is reported; null for a query
   */
  ChunkExplain explain(Connection connection, ExportPlan plan, Chunk chunk, String table);

  /** The source family this probe reads. */
  SourceKind kind();

  /**
   * The probe of the dialect's source family, registered by its database's package as a {@link
   * java.util.ServiceLoader} service.
   */
  static SourceProbe of(Dialect dialect) {
    return ServiceLoader.load(SourceProbe.class, SourceProbe.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.kind() == dialect.kind())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no source probe registered for "
                        + dialect.kind()
                        + " in META-INF/services/"
                        + SourceProbe.class.getName()));
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
