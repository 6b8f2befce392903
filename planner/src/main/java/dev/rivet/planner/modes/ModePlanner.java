package dev.rivet.planner.modes;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.CursorAdvance;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.split.CalendarAxis;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.SplitPolicy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the modes that read a range of a chosen column: incremental (past the stored mark), chunked
 * (the whole column range, in chunks the user chose) and time_window (a window of time before now).
 * Their chunks are closed at both ends, so a run reads exactly the range it planned.
 */
public final class ModePlanner {
  private final Catalog catalog;
  private final Dialect dialect;
  private final Clock clock;

  public ModePlanner(Catalog catalog, Dialect dialect, Clock clock) {
    this.catalog = catalog;
    this.dialect = dialect;
    this.clock = clock;
  }

  /**
   * Rows with a cursor in {@code [previousMark + 1 - lookback, max]}, where max is the cursor's
   * largest value at plan time and becomes the new mark once the run is published.
   *
   * @param previousMark the stored mark as boundary text, null on the first run
   */
  public ExportPlan incremental(
      ExportSpec export, String runId, List<SourceColumn> columns, String previousMark) {
    IncrementalMode mode = (IncrementalMode) export.mode();
    KeyColumns.Typed typed =
        KeyColumns.key(export.name(), "cursor", mode.column(), mode.fallback(), columns, dialect);
    SplitKey key = typed.key();
    if (!mode.type().accepts(key.type())) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': cursor column '"
              + key.column()
              + "' is "
              + KeyColumns.describe(key.type())
              + ", but the cursor is declared type: "
              + mode.type().wireValue(),
          "set cursor.type to match the column ("
              + (key.type() == KeyType.INTEGER
                  ? "int"
                  : key.type() == KeyType.DATE ? "date" : "timestamp")
              + ")");
    }
    List<String> notes = new ArrayList<>();
    CalendarAxis axis = typed.calendar(ZoneOffset.UTC);
    Long previous = previousMark == null ? null : toAxis(key.type(), previousMark);
    Long lower = previous == null ? null : axis.minus(previous + 1, mode.lookback());
    Optional<long[]> range = keyRange(export, key, lower);
    long newMark;
    List<Chunk> chunks;
    long estimated = -1;
    if (range.isEmpty()) {
      long at = lower != null ? lower : previous != null ? previous + 1 : 0;
      newMark = previous != null ? previous : Long.MIN_VALUE;
      chunks = List.of(new Chunk(0, format(key, at), format(key, at)));
      notes.add(
          previous == null
              ? "incremental on "
                  + key.describe()
                  + ": no row has a cursor value yet; nothing to read and no mark to store"
              : "incremental on "
                  + key.describe()
                  + ": no row past "
                  + format(key, lower)
                  + "; nothing to read, the mark stays at "
                  + previousMark);
    } else {
      long max = range.get()[1];
      newMark = previous == null ? max : Math.max(previous, max);
      if (previous == null && export.relation() instanceof TableRef table) {
        estimated = catalog.estimatedRows(table);
      }
      List<String> splitNotes = new ArrayList<>();
      WindowSplitter splitter = new WindowSplitter(catalog, export.relation(), key, splitNotes);
      if (previous != null && lower < previous + 1) {
        // The lookback window is a chunk of its own, so the rows read again are counted apart.
        List<Chunk> rest =
            newMark > previous
                ? splitter.split(
                    previous + 1,
                    newMark + 1,
                    Math.max(range.get()[0], previous + 1),
                    max,
                    export.chunkRows(),
                    estimated)
                : List.of();
        chunks = new ArrayList<>();
        chunks.add(new Chunk(0, format(key, lower), format(key, previous + 1)));
        for (Chunk chunk : rest) {
          chunks.add(new Chunk(chunks.size(), chunk.lowerInclusive(), chunk.upperExclusive()));
        }
        splitNotes.add(
            "chunk 0 re-reads the lookback window ["
                + format(key, lower)
                + ", "
                + format(key, previous + 1)
                + "): its rows may repeat rows of earlier runs, and its row count says how many");
      } else {
        chunks =
            splitter.split(lower, newMark + 1, range.get()[0], max, export.chunkRows(), estimated);
      }
      notes.add(
          "incremental on "
              + key.describe()
              + ": "
              + (previous == null
                  ? "first run, reads the whole history up to " + format(key, newMark)
                  : "reads ["
                      + format(key, lower)
                      + ", "
                      + format(key, newMark)
                      + "]"
                      + (mode.lookback().none()
                          ? ""
                          : " (mark "
                              + previousMark
                              + " less lookback "
                              + mode.lookback()
                              + "; rows up to the mark may be exported again)"))
              + "; the mark moves to "
              + format(key, newMark)
              + " once this run is published");
      notes.addAll(splitNotes);
    }
    if (typed.nullable()) {
      notes.add(
          "cursor "
              + key.describe()
              + " is nullable: rows where it is NULL are never exported"
              + (key.fallback().isEmpty()
                  ? "; add cursor.fallback (e.g. created_at) to read them by another column"
                  : ""));
    }
    CursorAdvance advance =
        new CursorAdvance(
            key.describe(),
            key.type(),
            previousMark,
            newMark == Long.MIN_VALUE ? null : format(key, newMark),
            newMark);
    return plan(export, runId, columns, key, chunks, estimated, notes, advance);
  }

  /** The whole column range in chunks by rows or by calendar periods, plus a NULL-key chunk. */
  public ExportPlan chunked(ExportSpec export, String runId, List<SourceColumn> columns) {
    ChunkedMode mode = (ChunkedMode) export.mode();
    KeyColumns.Typed typed =
        KeyColumns.key(export.name(), "chunk", mode.column(), List.of(), columns, dialect);
    SplitKey key = typed.key();
    if (mode.by() != ChunkBy.RANGE && key.type() == KeyType.INTEGER) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': chunk column '"
              + key.column()
              + "' is an integer; by: "
              + mode.by().wireValue()
              + " needs a date or timestamp column",
          "use by: range for integer columns");
    }
    List<String> notes = new ArrayList<>();
    Optional<long[]> range = keyRange(export, key, null);
    long estimated =
        export.relation() instanceof TableRef table ? catalog.estimatedRows(table) : -1;
    List<Chunk> chunks = new ArrayList<>();
    if (range.isEmpty()) {
      notes.add("chunked on " + key.column() + ": the column holds no value at plan time");
    } else {
      long min = range.get()[0];
      long max = range.get()[1];
      if (mode.by() == ChunkBy.RANGE) {
        long rowsPerChunk = rowsPerChunk(mode, export, estimated, notes);
        List<String> splitNotes = new ArrayList<>();
        chunks.addAll(
            new WindowSplitter(catalog, export.relation(), key, splitNotes)
                .split(min, max + 1, min, max, rowsPerChunk, estimated));
        notes.add(
            "chunked by range on "
                + key.column()
                + " over ["
                + format(key, min)
                + ", "
                + format(key, max)
                + "] into "
                + chunks.size()
                + " chunks of about "
                + rowsPerChunk
                + " rows");
        notes.addAll(splitNotes);
      } else {
        long size = mode.size() > 0 ? mode.size() : 1;
        List<Long> starts;
        try {
          starts =
              typed
                  .calendar(mode.zone())
                  .periodStarts(mode.by(), size, min, max, SplitPolicy.DEFAULT_MAX_CHUNKS);
        } catch (IllegalArgumentException e) {
          throw new RivetException(
              FailureKind.USER_CONFIG,
              "export '" + export.name() + "': " + e.getMessage(),
              "chunk by a longer period (week or month) or set chunk.size to more periods");
        }
        for (int i = 0; i + 1 < starts.size(); i++) {
          chunks.add(new Chunk(i, format(key, starts.get(i)), format(key, starts.get(i + 1))));
        }
        notes.add(
            "chunked by "
                + (size == 1 ? "" : size + " ")
                + mode.by().wireValue()
                + " on "
                + key.column()
                + " in "
                + mode.timeZone()
                + (typed.instants() || key.type() == KeyType.DATE
                    ? ""
                    : " (the column has no time zone: its values are taken as wall-clock times)")
                + ": "
                + chunks.size()
                + " chunks from "
                + chunks.get(0).lowerInclusive()
                + " to "
                + chunks.get(chunks.size() - 1).upperExclusive());
        if (export.relation() instanceof TableRef table
            && !catalog.isIndexed(table, key.column())) {
          notes.add(
              key.column()
                  + " has no index: every chunk scans the whole table; CREATE INDEX ON "
                  + table.describe().substring(6)
                  + " ("
                  + key.column()
                  + ")");
        }
      }
      notes.add(
          "rows inserted after planning outside ["
              + format(key, min)
              + ", "
              + format(key, max)
              + "] are not read by this run");
    }
    if (typed.nullable() || chunks.isEmpty()) {
      chunks.add(Chunk.ofNullKeys(chunks.size()));
      notes.add("rows whose " + key.column() + " is NULL are read by their own chunk");
    }
    return plan(export, runId, columns, key, chunks, estimated, notes, null);
  }

  /**
   * Rows whose column lies in the {@code last} complete periods before now, in the window's zone:
   * {@code [start of this period - last, start of this period)}.
   */
  public ExportPlan timeWindow(ExportSpec export, String runId, List<SourceColumn> columns) {
    TimeWindowMode mode = (TimeWindowMode) export.mode();
    KeyColumns.Typed typed =
        KeyColumns.key(export.name(), "window", mode.column(), List.of(), columns, dialect);
    SplitKey key = typed.key();
    if (key.type() == KeyType.INTEGER) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': window column '"
              + key.column()
              + "' is an integer; a time window needs a date or timestamp column",
          "use mode: incremental or chunked for integer columns");
    }
    if (key.type() == KeyType.DATE && mode.last().unit().isFixed()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': window column '"
              + key.column()
              + "' is a date; last: "
              + mode.last()
              + " is shorter than a day",
          "write last: N days, weeks or months");
    }
    CalendarAxis calendar = typed.calendar(mode.zone());
    long end = calendar.floor(mode.last().unit(), clock.instant());
    long start = calendar.minus(end, mode.last());
    List<String> notes = new ArrayList<>();
    notes.add(
        "time window on "
            + key.column()
            + ": the last "
            + mode.last()
            + " before "
            + format(key, end)
            + " in "
            + mode.timeZone()
            + ", ["
            + format(key, start)
            + ", "
            + format(key, end)
            + ")");
    Optional<long[]> range = keyRange(export, key, start);
    List<Chunk> chunks;
    if (range.isEmpty() || range.get()[0] >= end) {
      chunks = List.of(new Chunk(0, format(key, start), format(key, end)));
      notes.add("no row in the window at plan time");
    } else {
      List<String> splitNotes = new ArrayList<>();
      chunks =
          new WindowSplitter(catalog, export.relation(), key, splitNotes)
              .split(
                  start,
                  end,
                  range.get()[0],
                  Math.min(range.get()[1], end - 1),
                  export.chunkRows(),
                  -1);
      notes.addAll(splitNotes);
    }
    return plan(export, runId, columns, key, chunks, -1, notes, null);
  }

  private long rowsPerChunk(
      ChunkedMode mode, ExportSpec export, long estimated, List<String> notes) {
    if (mode.size() > 0) {
      return mode.size();
    }
    if (mode.count() > 0) {
      if (estimated > 0) {
        return Math.max(1, WindowSplitter.ceilDiv(estimated, mode.count()));
      }
      notes.add(
          "count: "
              + mode.count()
              + " needs a row estimate and the source has none (run "
              + (export.relation() instanceof TableRef t ? dialect.analyzeStatement(t) : "ANALYZE")
              + "): chunks of chunk_rows "
              + export.chunkRows()
              + " instead");
    }
    return export.chunkRows();
  }

  private Optional<long[]> keyRange(ExportSpec export, SplitKey key, Long from) {
    try {
      return catalog.keyRange(export.relation(), key, from);
    } catch (ArithmeticException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '" + export.name() + "': " + key.describe() + " " + e.getMessage(),
          "choose another column, or exclude such values with a query export");
    }
  }

  private ExportPlan plan(
      ExportSpec export,
      String runId,
      List<SourceColumn> columns,
      SplitKey key,
      List<Chunk> chunks,
      long estimated,
      List<String> notes,
      CursorAdvance advance) {
    return new ExportPlan(
        runId,
        export,
        dialect.kind(),
        columns,
        Strategy.KEY_RANGE,
        key,
        chunks,
        export.parallelism(),
        estimated,
        clock.instant(),
        notes.stream().map(PlanNote::detail).toList(),
        advance);
  }

  private static long toAxis(KeyType type, String text) {
    try {
      return KeyAxis.toAxis(type, KeyAxis.parse(type, text));
    } catch (RuntimeException e) {
      throw new RivetException(
          FailureKind.STATE,
          "the stored cursor mark '" + text + "' is not " + KeyColumns.describe(type),
          "reset it with rivet state cursors --reset <export> (the next run reads everything)");
    }
  }

  private static String format(SplitKey key, long axis) {
    return KeyAxis.format(key.type(), axis);
  }
}
