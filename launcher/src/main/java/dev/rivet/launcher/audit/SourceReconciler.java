package dev.rivet.launcher.audit;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.sql.ChunkCounts;
import dev.rivet.state.ChunkRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the source rows in each chunk range of a run and sets them beside the rows the state store
 * recorded for the chunk. One {@code SELECT count(*)} per chunk, each in its own read-only
 * REPEATABLE READ transaction set up exactly like the chunk's read, over one connection. Reads
 * only; writes nothing to the source or the state store.
 */
public final class SourceReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SourceReconciler.class);

  private SourceReconciler() {}

  /**
   * Reconciles {@code plan}'s chunks.
   *
   * @param recorded the run's chunks as the state store recorded them; a chunk without a record
   *     counts as 0 rows written
   * @throws RivetException of kind {@code USER_CONFIG} when {@code source} is not the kind of
   *     database the plan was made for, or a classified source failure
   */
  public static ReconcileReport reconcile(
      SourceConnection source, ExportPlan plan, List<ChunkRecord> recorded) {
    Dialect dialect = Dialect.of(plan.source());
    SourceKind configured = source.kind();
    if (configured != plan.source()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '"
              + plan.runId()
              + "' read a "
              + plan.source().wireName()
              + " source, but the config's source is "
              + configured.wireName(),
          "reconcile with the config the run was made with");
    }
    Map<Integer, Long> fileRows = new HashMap<>();
    for (ChunkRecord chunk : recorded) {
      fileRows.put(chunk.chunkIndex(), chunk.rows());
    }
    LOG.info(
        "reconcile: export {} run {}: counting {} chunk range(s) of {}",
        plan.export().name(),
        plan.runId(),
        plan.chunks().size(),
        plan.export().relation().describe());
    List<ChunkReconciliation> results = new ArrayList<>(plan.chunks().size());
    try (Connection connection = SourceConnector.open(source)) {
      for (Chunk chunk : plan.chunks()) {
        long count = count(connection, dialect, plan, chunk);
        results.add(
            new ChunkReconciliation(chunk, count, fileRows.getOrDefault(chunk.index(), 0L)));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "reconcile export '" + plan.export().name() + "': closing the source connection");
    }
    return new ReconcileReport(
        plan.runId(),
        plan.export().name(),
        plan.export().relation().describe(),
        plan.splitKey() == null
            ? null
            : plan.splitKey().isKeyset() ? plan.splitKey().describe() : plan.splitKey().column(),
        results);
  }

  private static long count(Connection connection, Dialect dialect, ExportPlan plan, Chunk chunk) {
    String doing =
        "reconcile export '"
            + plan.export().name()
            + "' chunk "
            + chunk.index()
            + " "
            + chunk.describeRange()
            + ": counting "
            + plan.export().relation().describe();
    try {
      // The same session and transaction as the chunk's read: REPEATABLE READ, read only, and on
      // MySQL the UTC session time zone that temporal key bounds are bound in.
      dialect.prepareReadSession(connection);
      long rows;
      try (PreparedStatement statement =
              connection.prepareStatement(ChunkCounts.countSql(dialect, plan, chunk));
          ResultSet rs = execute(statement, plan, chunk)) {
        rs.next();
        rows = rs.getLong(1);
      }
      connection.rollback();
      LOG.debug("{}: {} rows", doing, rows);
      return rows;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, doing);
    }
  }

  private static ResultSet execute(PreparedStatement statement, ExportPlan plan, Chunk chunk)
      throws SQLException {
    ChunkCounts.bind(statement, plan, chunk);
    return statement.executeQuery();
  }
}
