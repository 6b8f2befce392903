package dev.rivet.planner;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ContractColumns;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.lineage.MetaColumnCheck;
import dev.rivet.planner.modes.ModePlanner;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.KeyWalk;
import dev.rivet.planner.split.KeysetWalk;
import dev.rivet.planner.split.RangeSplitter;
import dev.rivet.planner.split.SplitPolicy;
import dev.rivet.planner.tuning.Parallelism;
import dev.rivet.planner.tuning.RotationCheck;
import dev.rivet.planner.tuning.TuningCheck;
import dev.rivet.planner.tuning.WideRowCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Plans an export: incremental, chunked and time_window exports through {@link ModePlanner}, full
 * ones from the catalog, the statistics, the key's min/max and, for sparse or temporal keys, a walk
 * of the key's index: it never reads whole data rows. Works the same for PostgreSQL, MySQL and
 * MariaDB. The plan's parallelism never exceeds the export's, its chunk count, or the source's free
 * connections less one; its notes warn of tuning values that risk long reads or the heap.
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
    List<SourceColumn> columns = catalog.columns(export.relation());
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
    List<String> notes = new ArrayList<>();
    if (!(export.relation() instanceof TableRef table)) {
      notes.add("query exports are read by one statement (not split)");
      return single(runId, export, dialect, columns, -1, notes);
    }
    long estimated = catalog.estimatedRows(table);
    Optional<KeyCandidate> candidate = catalog.splitKey(table);
    if (candidate.isEmpty()) {
      return keyset(catalog, dialect, export, table, runId, columns, estimated);
    }
    SplitKey key = candidate.get().key();
    if (estimated > 0 && estimated <= export.chunkRows()) {
      // The statistics alone make it one chunk (as for a keyset key): no min/max round trip.
      notes.add(fitsOneChunk(estimated, export));
      return single(runId, export, dialect, columns, estimated, notes);
    }
    Optional<long[]> range;
    try {
      range = catalog.keyRange(table, key);
    } catch (ArithmeticException e) {
      notes.add("key " + key.column() + " " + e.getMessage() + ": read by one statement");
      return single(runId, export, dialect, columns, estimated, notes);
    }
    if (range.isEmpty()) {
      notes.add("table is empty at plan time: read by one statement");
      return single(runId, export, dialect, columns, Math.max(estimated, 0), notes);
    }
    if (estimated == 0) {
      // Statistics not yet gathered (PostgreSQL 13 and older, MySQL right after a load).
      notes.add("statistics say 0 rows but the table holds keys: estimate treated as unknown");
      estimated = -1;
    }
    KeyStats stats = new KeyStats(key.type(), range.get()[0], range.get()[1], estimated);
    SplitPolicy policy = new SplitPolicy(export.chunkRows(), SplitPolicy.DEFAULT_MAX_CHUNKS);
    int count = RangeSplitter.chunkCount(stats, policy);
    if (count == 1 && estimated < 0) {
      notes.add(
          "table has no statistics (never analyzed) and key "
              + key.column()
              + " is not an integer: read by one statement; run "
              + dialect.analyzeStatement(table)
              + " to let it split");
      return single(runId, export, dialect, columns, estimated, notes);
    }
    if (count == 1) {
      notes.add(fitsOneChunk(estimated, export));
      return single(runId, export, dialect, columns, estimated, notes);
    }
    List<Chunk> chunks;
    try {
      chunks = boundaries(catalog, table, key, stats, policy, count, notes);
    } catch (ArithmeticException e) {
      // A walk can meet a value min/max did not show, e.g. MySQL's partial date 2020-00-15.
      notes.add("key " + key.column() + " " + e.getMessage() + ": read by one statement");
      return single(runId, export, dialect, columns, estimated, notes);
    }
    if (chunks.size() == 1) {
      notes.add(
          "the key index holds at most "
              + export.chunkRows()
              + " rows (fewer than the estimate of "
              + estimated
              + "): read by one statement");
      return single(runId, export, dialect, columns, estimated, notes);
    }
    notes.add(
        0,
        "split on "
            + candidate.get().source()
            + " "
            + key.column()
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
        dialect.kind(),
        columns,
        Strategy.KEY_RANGE,
        key,
        chunks,
        estimated,
        clock.instant(),
        notes.stream().map(PlanNote::detail).toList());
  }

  /**
   * A table without a single-column integer/date/timestamp key: split on its keyset key (composite,
   * text or uuid) by walking the key's index, else read by one statement, with a warning when the
   * table is larger than one chunk.
   */
  private ExportPlan keyset(
      Catalog catalog,
      Dialect dialect,
      ExportSpec export,
      TableRef table,
      String runId,
      List<SourceColumn> columns,
      long estimated) {
    List<PlanNote> notes = new ArrayList<>();
    KeysetChoice choice = catalog.keysetKey(table);
    if (choice.candidate().isEmpty()) {
      String reason =
          choice.refused().isEmpty()
              ? "no primary key or unique index"
              : "no usable primary key or unique non-null index; "
                  + String.join("; ", choice.refused());
      // PostgreSQL 14+ reads a keyless table by ranges of its physical blocks; else one statement.
      return BlockRangePlanner.plan(
          catalog,
          dialect,
          export,
          table,
          estimated,
          reason,
          (rows, why) -> unchunked(runId, export, dialect, columns, rows, reason + "; " + why),
          (chunks, rows, planNotes) ->
              new ExportPlan(
                  runId,
                  export,
                  dialect.kind(),
                  columns,
                  Strategy.BLOCK_RANGE,
                  null,
                  chunks,
                  rows,
                  clock.instant(),
                  planNotes));
    }
    KeyCandidate candidate = choice.candidate().get();
    SplitKey key = candidate.key();
    if (estimated > 0 && estimated <= export.chunkRows()) {
      notes.add(PlanNote.detail(fitsOneChunk(estimated, export)));
      return singleRead(runId, export, dialect, columns, estimated, notes);
    }
    long step = KeysetWalk.step(estimated, export.chunkRows(), KeyWalk.MAX_WALK_CHUNKS);
    long started = System.nanoTime();
    List<Chunk> chunks;
    try {
      chunks =
          KeysetWalk.split(
              step,
              KeyWalk.MAX_WALK_CHUNKS,
              (from, offset) -> catalog.keysetAtOffset(table, key, from, offset));
    } catch (ArithmeticException e) {
      return unchunked(
          runId,
          export,
          dialect,
          columns,
          estimated,
          "its " + candidate.source() + " " + key.describe() + " " + e.getMessage());
    }
    long walkMillis = (System.nanoTime() - started) / 1_000_000;
    if (chunks.size() == 1) {
      notes.add(
          PlanNote.detail(
              "the index of "
                  + candidate.source()
                  + " "
                  + key.describe()
                  + " holds at most "
                  + step
                  + " rows: read by one statement"));
      return singleRead(runId, export, dialect, columns, estimated, notes);
    }
    notes.add(
        PlanNote.detail(
            "split on "
                + candidate.source()
                + " "
                + key.describe()
                + " by keyset ranges into "
                + chunks.size()
                + " chunks of about "
                + step
                + " rows: boundaries placed on real keys by one walk of its index ("
                + chunks.size()
                + " statements, "
                + walkMillis
                + " ms), compared as row values in the source's collation"));
    if (chunks.size() == KeyWalk.MAX_WALK_CHUNKS) {
      notes.add(
          PlanNote.detail(
              "the walk stopped at "
                  + KeyWalk.MAX_WALK_CHUNKS
                  + " chunks; the last chunk holds every remaining row"));
    }
    if (estimated <= 0) {
      notes.add(
          PlanNote.detail(
              "table has no statistics (never analyzed): chunks hold " + step + " rows"));
    }
    return new ExportPlan(
        runId,
        export,
        dialect.kind(),
        columns,
        Strategy.KEY_RANGE,
        key,
        chunks,
        estimated,
        clock.instant(),
        notes);
  }

  /**
   * One statement for a table no key splits, with a warning when its statistics say it holds more
   * rows than a chunk: such a read holds one connection and one snapshot throughout.
   */
  private ExportPlan unchunked(
      String runId,
      ExportSpec export,
      Dialect dialect,
      List<SourceColumn> columns,
      long estimated,
      String reason) {
    List<PlanNote> notes = new ArrayList<>();
    if (estimated <= export.chunkRows()) {
      notes.add(PlanNote.detail(reason + ": read by one statement"));
    } else {
      notes.add(
          new PlanNote(
              NoteCode.UNCHUNKED_TABLE,
              Map.of(
                  "relation",
                  export.relation().describe(),
                  "rows",
                  "about " + estimated,
                  "reason",
                  reason)));
    }
    return singleRead(runId, export, dialect, columns, estimated, notes);
  }

  /** The draft with its parallelism chosen and its tuning values checked. */
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
    long rowBytes =
        export.relation() instanceof TableRef table ? catalog.averageRowBytes(table) : -1;
    MemoryBudget budget = export.memory().resolve(maxHeapBytes, parallelism.value());
    int fetchSize = budget.fetchSize(export.fetchSize(), rowBytes);
    TuningCheck check =
        new TuningCheck(
            export.format(),
            export.chunkRows(),
            fetchSize,
            export.rowGroupBytes(),
            parallelism.value(),
            rowsPerChunk(draft),
            rowBytes,
            maxHeapBytes);
    List<PlanNote> notes = new ArrayList<>(draft.notes());
    notes.addAll(parallelism.notes());
    notes.addAll(check.warnings());
    WideRowCheck.warning(export.fetchSize(), rowBytes, budget).ifPresent(notes::add);
    notes.addAll(
        RotationCheck.warnings(
            export.format(), export.rotation(), export.rowGroupBytes(), export.chunkRows()));
    return draft.withTuning(parallelism.value(), notes).withAverageRowBytes(rowBytes);
  }

  /** Estimated rows of a chunk; a split plan without an estimate aims at chunk_rows. */
  private static long rowsPerChunk(ExportPlan plan) {
    if (plan.estimatedRows() < 0) {
      return plan.strategy() == Strategy.SINGLE_READ ? -1 : plan.export().chunkRows();
    }
    int chunks = plan.chunks().size();
    return (plan.estimatedRows() + chunks - 1) / chunks;
  }

  /** Walks the key index for sparse and temporal keys, else spreads boundaries evenly. */
  private static List<Chunk> boundaries(
      Catalog catalog,
      TableRef table,
      SplitKey key,
      KeyStats stats,
      SplitPolicy policy,
      int count,
      List<String> notes) {
    LongFunction<String> format = axis -> KeyAxis.format(stats.type(), axis);
    if (KeyWalk.applies(stats, count)) {
      List<Chunk> chunks =
          KeyWalk.split(
              stats.min(),
              policy.targetRowsPerChunk(),
              policy.maxChunks(),
              (from, offset) -> catalog.keyAtOffset(table, key, from, offset),
              format);
      notes.add(
          "boundaries placed by walking the index of "
              + key.column()
              + (stats.type() == KeyType.INTEGER
                  ? " (the key is sparse: about " + density(stats) + " rows per key value)"
                  : "")
              + ": every chunk but the last holds "
              + policy.targetRowsPerChunk()
              + " rows at plan time");
      if (chunks.size() == policy.maxChunks()) {
        notes.add(
            "the walk stopped at "
                + policy.maxChunks()
                + " chunks; the last chunk holds every remaining row");
      }
      return chunks;
    }
    String method = "boundaries placed at equal widths of the key range";
    if (KeyWalk.isSparse(stats)) {
      method +=
          "; warning: the key looks sparse (about "
              + density(stats)
              + " rows per key value) and "
              + count
              + " chunks are more than the "
              + KeyWalk.MAX_WALK_CHUNKS
              + " an index walk places, so chunk sizes may be uneven";
    } else if (stats.type() != KeyType.INTEGER) {
      method +=
          " ("
              + count
              + " chunks are more than the "
              + KeyWalk.MAX_WALK_CHUNKS
              + " an index"
              + " walk places), so chunk sizes follow how evenly the keys are spread in time";
    }
    notes.add(method);
    return RangeSplitter.split(stats, policy, format);
  }

  private static String density(KeyStats stats) {
    double width = (double) stats.max() - (double) stats.min() + 1;
    return String.format(Locale.ROOT, "%.2g", stats.estimatedRows() / width);
  }

  static String fitsOneChunk(long estimated, ExportSpec export) {
    return "about "
        + Math.max(estimated, 0)
        + " rows fit in one chunk of "
        + export.chunkRows()
        + ": read by one statement";
  }

  private ExportPlan single(
      String runId,
      ExportSpec export,
      Dialect dialect,
      List<SourceColumn> columns,
      long estimated,
      List<String> notes) {
    return singleRead(
        runId, export, dialect, columns, estimated, notes.stream().map(PlanNote::detail).toList());
  }

  private ExportPlan singleRead(
      String runId,
      ExportSpec export,
      Dialect dialect,
      List<SourceColumn> columns,
      long estimated,
      List<PlanNote> notes) {
    return new ExportPlan(
        runId,
        export,
        dialect.kind(),
        columns,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        estimated,
        clock.instant(),
        notes);
  }
}
