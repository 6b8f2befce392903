package dev.rivet.pipeline.read;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinating transaction of a {@code consistency: snapshot} run: one source connection that
 * begins a repeatable-read, read-only transaction, exports its snapshot and stays idle in it until
 * {@link #close()}, so every chunk reader (retries included) can import the same snapshot. Holds
 * one source connection for the whole run.
 */
public final class SnapshotCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

  private final Connection connection;
  private final RunSnapshot snapshot;
  private final String export;

  private SnapshotCoordinator(Connection connection, RunSnapshot snapshot, String export) {
    this.connection = connection;
    this.snapshot = snapshot;
    this.export = export;
  }

  /**
   * Opens the coordinating transaction for {@code plan}'s run and exports its snapshot.
   *
   * @throws RivetException classified from the source's error when the transaction cannot begin
   */
  public static SnapshotCoordinator open(SourceConnection source, ExportPlan plan) {
    Dialect dialect = Dialect.of(plan.source());
    String doing =
        "export '"
            + plan.export().name()
            + "': exporting the run's snapshot (consistency: snapshot)";
    Connection connection = SourceConnector.open(source);
    try {
      String id = dialect.exportSnapshot(connection);
      LOG.info(
          "export {} run {}: every chunk reads snapshot {}, held open until the run ends",
          plan.export().name(),
          plan.runId(),
          id);
      return new SnapshotCoordinator(connection, new RunSnapshot(id), plan.export().name());
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw SqlErrors.translate(e, doing);
    } catch (RuntimeException e) {
      closeQuietly(connection, e);
      throw e;
    }
  }

  /** The snapshot the chunk readers import. */
  public RunSnapshot snapshot() {
    return snapshot;
  }

  /** Ends the coordinating transaction (it read nothing, so it is rolled back) and disconnects. */
  @Override
  public void close() {
    try (Connection closing = connection) {
      closing.rollback();
    } catch (SQLException e) {
      LOG.warn(
          "export {}: ending the transaction that held snapshot {} failed ({}); the server ends it"
              + " with the connection",
          export,
          snapshot.id(),
          e.getMessage());
    }
  }

  /**
   * The failure of a chunk whose reader could not import the run's snapshot: the coordinating
   * transaction ended (its connection was lost or terminated), so no reader can join it any more.
   */
  static RivetException lost(RunSnapshot snapshot, String doing, SQLException cause) {
    return new RivetException(
        FailureKind.SOURCE_PERMANENT,
        doing
            + ": cannot import the run's snapshot "
            + snapshot.id()
            + " ("
            + cause.getMessage()
            + "); the transaction that held it ended, so the run can no longer read one point in"
            + " time",
        "run the export again: a snapshot run is never resumed, so 'rivet run' plans a new run with"
            + " a new snapshot (check that nothing terminates idle sessions of Rivet's user, e.g."
            + " a pooler or a DBA script)",
        cause);
  }

  private static void closeQuietly(Connection connection, Exception failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
