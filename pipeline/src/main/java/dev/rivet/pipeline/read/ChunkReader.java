package dev.rivet.pipeline.read;

import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.model.Chunk;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.planner.sql.ChunkQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams the rows of one chunk from the source: one connection, one read-only snapshot
 * transaction, one statement, rows fetched {@code fetchSize} at a time so memory stays flat.
 */
public final class ChunkReader {
  private ChunkReader() {}

  /** Reads every row of the chunk into {@code consumer}; returns the number of rows read. */
  public static long read(
      SourceConnection source, ExportPlan plan, Chunk chunk, RowConsumer consumer) {
    Dialect dialect = Dialect.named(plan.dialect());
    String sql = ChunkQueries.selectSql(dialect, plan, chunk);
    String doing =
        "export '"
            + plan.export().name()
            + "' chunk "
            + chunk.index()
            + " "
            + chunk.describeRange()
            + " of "
            + plan.export().relation().describe();
    try (Connection connection = SourceConnector.open(source)) {
      try {
        long rows = readRows(connection, dialect, sql, plan, chunk, consumer, doing);
        connection.rollback();
        return rows;
      } catch (SQLException | IOException | RuntimeException e) {
        // Closing a half-read streaming result makes the driver drain the rest of it first;
        // dropping the connection ends the server's work at once.
        abortQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, doing);
    } catch (IOException e) {
      throw new UncheckedIOException(doing + ": " + e.getMessage(), e);
    }
  }

  private static long readRows(
      Connection connection,
      Dialect dialect,
      String sql,
      ExportPlan plan,
      Chunk chunk,
      RowConsumer consumer,
      String doing)
      throws SQLException, IOException {
    dialect.prepareReadSession(connection);
    long rows = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      dialect.configureStatement(statement, plan.export().fetchSize());
      ChunkQueries.bind(statement, plan, chunk);
      try (ResultSet rs = statement.executeQuery()) {
        checkColumnCount(plan, rs, doing);
        while (rs.next()) {
          consumer.accept(rs);
          rows++;
        }
      }
    }
    return rows;
  }

  private static void abortQuietly(Connection connection, Exception failure) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException abortFailure) {
      failure.addSuppressed(abortFailure);
    }
  }

  private static void checkColumnCount(ExportPlan plan, ResultSet rs, String doing)
      throws SQLException {
    int actual = rs.getMetaData().getColumnCount();
    if (actual != plan.columns().size()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          doing
              + ": the source now returns "
              + actual
              + " columns but the plan has "
              + plan.columns().size(),
          "the table changed since planning; run 'rivet run' again to plan afresh");
    }
  }
}
