package dev.rivet.planner;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ContractColumns;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.lineage.MetaColumnCheck;
import dev.rivet.planner.modes.ModePlanner;
import dev.rivet.planner.tuning.Parallelism;
import dev.rivet.planner.tuning.RotationCheck;
import dev.rivet.planner.tuning.TuningCheck;
import dev.rivet.planner.tuning.WideRowCheck;
import dev.rivet.planner.tuning.Yielding;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans an export: incremental, chunked and time_window exports through {@link ModePlanner}, full
 * ones through {@link FullPlanner} from the catalog, the statistics, the key's min/max and, for
 * sparse, temporal or keyset keys, a walk of the key's index: it never reads whole data rows. Works
 * the same for PostgreSQL, MySQL and MariaDB. The plan's parallelism never exceeds the export's,
 * its chunk count, or the source's free connections less one; its notes warn of tuning values that
 * risk long reads or the heap.
 */
public final class Planner {
  private final Clock clock;
  private final long maxHeapBytes;

  /** A planner that checks tuning values against this JVM's max heap. */
  public Planner(Clock clock) {
    this(clock, Runtime.getRuntime().maxMemory());
  }

  /**
   * @param maxHeapBytes the heap the export runs in, as {@link Runtime#maxMemory()} reports it
   */
  public Planner(Clock clock, long maxHeapBytes) {
    if (maxHeapBytes < 1) {
      throw new IllegalArgumentException("maxHeapBytes must be >= 1, got " + maxHeapBytes);
    }
    this.clock = clock;
    this.maxHeapBytes = maxHeapBytes;
  }

  public ExportPlan plan(SourceConnection source, ExportSpec export, String runId) {
    return plan(source, export, runId, null);
  }

  /**
   * @param previousMark for an incremental export, the stored high-water mark (boundary text of the
   *     cursor's type), or null on its first run; ignored by other modes
   */
  public ExportPlan plan(
      SourceConnection source, ExportSpec export, String runId, String previousMark) {
    Dialect dialect = Dialect.of(source.kind());
    try (Connection connection = SourceConnector.open(source)) {
      connection.setReadOnly(true);
      Catalog catalog = dialect.catalog(connection);
      return tuned(catalog, draft(catalog, dialect, export, runId, previousMark));
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "export '" + export.name() + "': planning failed");
    }
  }

  /** The plan's strategy and chunks, read as many at once as configured. */
  private ExportPlan draft(
      Catalog catalog, Dialect dialect, ExportSpec export, String runId, String previousMark) {
    List<SourceColumn> columns = withoutCastAttributes(catalog.columns(export.relation()), export);
    if (columns.isEmpty()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '" + export.name() + "': " + export.relation().describe() + " has no columns",
          "select at least one column");
    }
    MetaColumnCheck.check(export, columns);
    ContractColumns.check(export.name(), export.quality(), columns);
    ModePlanner modes = new ModePlanner(catalog, dialect, clock);
    if (export.mode() instanceof IncrementalMode) {
      return modes.incremental(export, runId, columns, previousMark);
    }
    if (export.mode() instanceof ChunkedMode) {
      return modes.chunked(export, runId, columns);
    }
    if (export.mode() instanceof TimeWindowMode) {
      return modes.timeWindow(export, runId, columns);
    }
    return new FullPlanner(catalog, dialect, clock).plan(export, runId, columns);
  }

  /**
   * The draft with its parallelism chosen (1 when it yields to the source's other sessions) and its
   * tuning values checked.
   */
  private ExportPlan tuned(Catalog catalog, ExportPlan draft) {
    ExportSpec export = draft.export();
    Parallelism parallelism =
        export.governor().autoParallelism()
            ? Parallelism.chooseAuto(
                export.parallelism(),
                draft.chunks().size(),
                catalog.freeConnections(),
                Runtime.getRuntime().availableProcessors())
            : Parallelism.choose(
                export.parallelism(), draft.chunks().size(), catalog.freeConnections());
    Yielding yielding =
        Yielding.choose(
            export.governor().yieldToSessions(), draft.estimatedRows(), catalog::sessionActivity);
    int readers = yielding.yields() ? 1 : parallelism.value();
    long rowBytes =
        export.relation() instanceof TableRef table ? catalog.averageRowBytes(table) : -1;
    MemoryBudget budget = export.memory().resolve(maxHeapBytes, readers);
    int fetchSize = budget.fetchSize(export.fetchSize(), rowBytes);
    TuningCheck check =
        new TuningCheck(
            export.format(),
            export.chunkRows(),
            fetchSize,
            export.rowGroupBytes(),
            readers,
            rowsPerChunk(draft),
            rowBytes,
            maxHeapBytes);
    List<PlanNote> notes = new ArrayList<>(draft.notes());
    notes.addAll(parallelism.notes());
    notes.addAll(yielding.notes());
    notes.addAll(check.warnings());
    WideRowCheck.warning(export.fetchSize(), rowBytes, budget).ifPresent(notes::add);
    notes.addAll(
        RotationCheck.warnings(
            export.format(), export.rotation(), export.rowGroupBytes(), export.chunkRows()));
    return draft.withTuning(readers, notes, yielding.yields()).withAverageRowBytes(rowBytes);
  }

  /** Estimated rows of a chunk; a split plan without an estimate aims at chunk_rows. */
  private static long rowsPerChunk(ExportPlan plan) {
    if (plan.estimatedRows() < 0) {
      return plan.strategy() == Strategy.SINGLE_READ ? -1 : plan.export().chunkRows();
    }
    int chunks = plan.chunks().size();
    return (plan.estimatedRows() + chunks - 1) / chunks;
  }

  /**
   * A composite column that a {@code columns:} override casts is read as the cast's result, not
   * attribute by attribute: its attributes are left out of the plan, so the chunk query selects no
   * attribute columns for it.
   */
  private static List<SourceColumn> withoutCastAttributes(
      List<SourceColumn> columns, ExportSpec export) {
    if (export.columnOverrides().none()) {
      return columns;
    }
    return columns.stream()
        .map(
            c ->
                export.columnOverrides().of(c.name()).isPresent() && !c.attributes().isEmpty()
                    ? c.withAttributes(List.of())
                    : c)
        .toList();
  }
}
