package dev.rivet.planner;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.KeyWalk;
import dev.rivet.planner.split.KeysetWalk;
import dev.rivet.planner.split.RangeSplitter;
import dev.rivet.planner.split.SplitPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses how a full export is read and places its chunks: on a single-column integer, date or
 * timestamp key by ranges of the key, else on a composite, text or uuid key by a keyset walk of its
 * index, else (PostgreSQL 14+) by physical block ranges, else by one statement, with a warning when
 * the table is larger than a chunk. Reads only the catalog, statistics, the key's min/max and its
 * index: never whole data rows.
 */
final class FullPlanner {
  private final Catalog catalog;
  private final Dialect dialect;
  private final Clock clock;

  FullPlanner(Catalog catalog, Dialect dialect, Clock clock) {
    this.catalog = catalog;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** The full export's strategy and chunks, before its parallelism is chosen. */
  ExportPlan plan(ExportSpec export, String runId, List<SourceColumn> columns) {
    List<String> notes = new ArrayList<>();
    if (!(export.relation() instanceof TableRef table)) {
      notes.add("query exports are read by one statement (not split)");
      return single(runId, export, columns, -1, notes);
    }
    long estimated = catalog.estimatedRows(table);
    Optional<KeyCandidate> candidate = catalog.splitKey(table);
    if (candidate.isEmpty()) {
      return keyset(export, table, runId, columns, estimated);
    }
    SplitKey key = candidate.get().key();
    if (estimated > 0 && estimated <= export.chunkRows()) {
      // The statistics alone make it one chunk (as for a keyset key): no min/max round trip.
      notes.add(fitsOneChunk(estimated, export));
      return single(runId, export, columns, estimated, notes);
    }
    Optional<long[]> range;
    try {
      range = catalog.keyRange(table, key);
    } catch (ArithmeticException e) {
      notes.add("key " + key.column() + " " + e.getMessage() + ": read by one statement");
      return single(runId, export, columns, estimated, notes);
    }
    if (range.isEmpty()) {
      notes.add("table is empty at plan time: read by one statement");
      return single(runId, export, columns, Math.max(estimated, 0), notes);
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
      return single(runId, export, columns, estimated, notes);
    }
    if (count == 1) {
      notes.add(fitsOneChunk(estimated, export));
      return single(runId, export, columns, estimated, notes);
    }
    List<Chunk> chunks;
    try {
      chunks = KeyRangeBoundaries.place(catalog, table, key, stats, policy, count, notes);
    } catch (ArithmeticException e) {
      // A walk can meet a value min/max did not show, e.g. MySQL's partial date 2020-00-15.
      notes.add("key " + key.column() + " " + e.getMessage() + ": read by one statement");
      return single(runId, export, columns, estimated, notes);
    }
    if (chunks.size() == 1) {
      notes.add(
          "the key index holds at most "
              + export.chunkRows()
              + " rows (fewer than the estimate of "
              + estimated
              + "): read by one statement");
      return single(runId, export, columns, estimated, notes);
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
      ExportSpec export, TableRef table, String runId, List<SourceColumn> columns, long estimated) {
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
          (rows, why) -> unchunked(runId, export, columns, rows, reason + "; " + why),
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
      return singleRead(runId, export, columns, estimated, notes);
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
      return singleRead(runId, export, columns, estimated, notes);
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
      String runId, ExportSpec export, List<SourceColumn> columns, long estimated, String reason) {
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
    return singleRead(runId, export, columns, estimated, notes);
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
      List<SourceColumn> columns,
      long estimated,
      List<String> notes) {
    return singleRead(
        runId, export, columns, estimated, notes.stream().map(PlanNote::detail).toList());
  }

  private ExportPlan singleRead(
      String runId,
      ExportSpec export,
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
