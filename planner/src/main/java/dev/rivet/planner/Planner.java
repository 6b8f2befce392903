package dev.rivet.planner;

import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.KeyCandidate;
import dev.rivet.planner.introspect.PostgresCatalog;
import dev.rivet.planner.model.Chunk;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.ExportSpec;
import dev.rivet.planner.model.SourceColumn;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.planner.model.Strategy;
import dev.rivet.planner.model.TableRef;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.RangeSplitter;
import dev.rivet.planner.split.SplitPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans an export in full mode from catalog facts alone (columns, keys, statistics, key min/max):
 * it never reads data rows, so planning is cheap even on large tables.
 */
public final class Planner {
  private final Clock clock;

  public Planner(Clock clock) {
    this.clock = clock;
  }

  public ExportPlan plan(SourceConnection source, ExportSpec export, String runId) {
    Dialect dialect = Dialect.forUrl(source.jdbcUrl());
    try (Connection connection = SourceConnector.open(source)) {
      connection.setReadOnly(true);
      PostgresCatalog catalog = new PostgresCatalog(connection, dialect);
      List<SourceColumn> columns = catalog.columns(export.relation());
      if (columns.isEmpty()) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "export '" + export.name() + "': " + export.relation().describe() + " has no columns",
            "select at least one column");
      }
      List<String> notes = new ArrayList<>();
      if (!(export.relation() instanceof TableRef table)) {
        notes.add("query exports are read by one statement (not split)");
        return single(runId, export, dialect, columns, -1, notes);
      }
      long estimated = catalog.estimatedRows(table);
      Optional<KeyCandidate> key = catalog.splitKey(table);
      if (key.isEmpty()) {
        notes.add(
            "no single-column integer/date/timestamp primary key or unique non-null index:"
                + " read by one statement");
        return single(runId, export, dialect, columns, estimated, notes);
      }
      Optional<long[]> range;
      try {
        range = catalog.keyRange(table, key.get().key());
      } catch (ArithmeticException e) {
        notes.add("key " + key.get().key().column() + " holds infinity: read by one statement");
        return single(runId, export, dialect, columns, estimated, notes);
      }
      if (range.isEmpty()) {
        notes.add("table is empty at plan time: read by one statement");
        return single(runId, export, dialect, columns, Math.max(estimated, 0), notes);
      }
      KeyStats stats =
          new KeyStats(key.get().key().type(), range.get()[0], range.get()[1], estimated);
      SplitPolicy policy = new SplitPolicy(export.chunkRows(), SplitPolicy.DEFAULT_MAX_CHUNKS);
      List<Chunk> chunks =
          RangeSplitter.split(stats, policy, axis -> KeyAxis.format(stats.type(), axis));
      if (chunks.size() == 1 && estimated < 0) {
        notes.add(
            "table has no statistics (never analyzed) and key "
                + key.get().key().column()
                + " is not an integer: read by one statement; run ANALYZE to let it split");
        return single(runId, export, dialect, columns, estimated, notes);
      }
      if (chunks.size() == 1) {
        notes.add(
            "about "
                + Math.max(estimated, 0)
                + " rows fit in one chunk of "
                + export.chunkRows()
                + ": read by one statement");
        return single(runId, export, dialect, columns, estimated, notes);
      }
      notes.add(
          "split on "
              + key.get().source()
              + " "
              + key.get().key().column()
              + " over ["
              + KeyAxis.format(stats.type(), stats.min())
              + ", "
              + KeyAxis.format(stats.type(), stats.max())
              + "] into "
              + chunks.size()
              + " chunks of about "
              + export.chunkRows()
              + " rows");
      if (estimated < 0) {
        notes.add("table has no statistics (never analyzed): chunk sizes assume a dense key");
      }
      return new ExportPlan(
          runId,
          export,
          dialect.name(),
          columns,
          Strategy.KEY_RANGE,
          key.get().key(),
          chunks,
          estimated,
          clock.instant(),
          notes);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "export '" + export.name() + "': planning failed");
    }
  }

  private ExportPlan single(
      String runId,
      ExportSpec export,
      Dialect dialect,
      List<SourceColumn> columns,
      long estimated,
      List<String> notes) {
    return new ExportPlan(
        runId,
        export,
        dialect.name(),
        columns,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        estimated,
        clock.instant(),
        notes);
  }
}
