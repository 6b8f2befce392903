package dev.rivet.kernel.plan;

import dev.rivet.kernel.source.SourceKind;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to run one export exactly, fixed before any row is read: the columns and their
 * source types, the split key and the chunk boundaries. Stored in state under {@link #runId()}.
 *
 * @param source which database family the plan reads; it decides the SQL and the value readers
 * @param splitKey null unless {@link #strategy()} is {@link Strategy#KEY_RANGE}
 * @param parallelism chunks read at once (= source connections held at once): between 1 and the
 *     export's configured parallelism, capped by the chunk count and the source's free connections
 *     at plan time. 0 stands for a plan stored before the field existed and reads as the export's
 *     configured parallelism
 * @param estimatedRows the source's estimate at plan time, -1 when unknown
 * @param notes why this strategy was chosen, and anything the user should know
 * @param cursor for incremental plans, the high-water mark read from and the one to store once
 *     published; null otherwise
 * @param averageRowBytes the planner's estimate of a row's width in bytes, which with the export's
 *     memory budget sets the rows fetched at once; -1 when unknown (0 or less, as plans stored
 *     before it existed read, is taken as -1)
 * @param yields whether the run reads gently because the source was busy with other sessions when
 *     it was planned ({@code tuning.yield_to_sessions}): one reader (the plan's parallelism is 1)
 *     and at most {@link #GOVERNED_FETCH_ROWS} rows per fetch, through a cursor where the protocol
 *     is {@code auto}
 */
public record ExportPlan(
    String runId,
    ExportSpec export,
    SourceKind source,
    List<SourceColumn> columns,
    Strategy strategy,
    SplitKey splitKey,
    List<Chunk> chunks,
    int parallelism,
    long estimatedRows,
    Instant createdAt,
    List<PlanNote> notes,
    CursorAdvance cursor,
    long averageRowBytes,
    boolean yields)
    implements Serializable {
  public ExportPlan {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(createdAt, "createdAt");
    columns = List.copyOf(columns);
    chunks = List.copyOf(chunks);
    notes = List.copyOf(notes);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one column");
    }
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one chunk");
    }
    if ((strategy == Strategy.KEY_RANGE) != (splitKey != null)) {
      throw new IllegalArgumentException("a split key is required exactly for KEY_RANGE plans");
    }
    if (strategy == Strategy.BLOCK_RANGE) {
      chunks.forEach(ExportPlan::checkBlockBounds);
    }
    if (parallelism == 0) {
      parallelism = export.parallelism();
    }
    if (averageRowBytes <= 0) {
      averageRowBytes = -1; // unknown, however it was written (plans without it read 0)
    }
    if (yields && parallelism != 1) {
      throw new IllegalArgumentException(
          "a plan that yields to other sessions reads with parallelism 1, got " + parallelism);
    }
    if (parallelism < 1 || parallelism > export.parallelism()) {
      throw new IllegalArgumentException(
          "plan parallelism must be between 1 and the export's parallelism "
              + export.parallelism()
              + ", got "
              + parallelism);
    }
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).index() != i) {
        throw new IllegalArgumentException("chunk indexes must be 0..n-1 in order");
      }
    }
  }

  /** A block-range chunk's bounds are block numbers: non-negative decimal integers, or open. */
  private static void checkBlockBounds(Chunk chunk) {
    for (String bound : new String[] {chunk.lowerInclusive(), chunk.upperExclusive()}) {
      if (bound != null && !bound.matches("[0-9]{1,10}")) {
        throw new IllegalArgumentException(
            "block-range chunk "
                + chunk.index()
                + " has a bound that is not a block number: "
                + bound);
      }
    }
    if (chunk.nullKeys()) {
      throw new IllegalArgumentException("a block-range plan has no NULL-key chunk");
    }
  }

  /** A plan that does not yield to other sessions. */
  public ExportPlan(
      String runId,
      ExportSpec export,
      SourceKind source,
      List<SourceColumn> columns,
      Strategy strategy,
      SplitKey splitKey,
      List<Chunk> chunks,
      int parallelism,
      long estimatedRows,
      Instant createdAt,
      List<PlanNote> notes,
      CursorAdvance cursor,
      long averageRowBytes) {
    this(
        runId,
        export,
        source,
        columns,
        strategy,
        splitKey,
        chunks,
        parallelism,
        estimatedRows,
        createdAt,
        notes,
        cursor,
        averageRowBytes,
        false);
  }

  /** A plan whose row width is unknown. */
  public ExportPlan(
      String runId,
      ExportSpec export,
      SourceKind source,
      List<SourceColumn> columns,
      Strategy strategy,
      SplitKey splitKey,
      List<Chunk> chunks,
      int parallelism,
      long estimatedRows,
      Instant createdAt,
      List<PlanNote> notes,
      CursorAdvance cursor) {
    this(
        runId,
        export,
        source,
        columns,
        strategy,
        splitKey,
        chunks,
        parallelism,
        estimatedRows,
        createdAt,
        notes,
        cursor,
        -1);
  }

  /**
   * The most rows a paced run (a rate limit or a relative latency threshold, {@link
   * GovernorSettings#paces}) fetches per round trip, whatever its {@code fetch_size}: PostgreSQL
   * produces one fetch of a cursor at a time, so this bounds each burst of server work a paced
   * reader causes (1,000 rows of the benchmark table: about 1 ms of server CPU; docs/benchmarks.md,
   * "Governed reads").
   */
  public static final int GOVERNED_FETCH_ROWS = 1_000;

  /**
   * An export the source estimates at fewer rows is read in about a second whatever its pace: its
   * plan does not look at the source's other sessions ({@code tuning.yield_to_sessions}), and a
   * governor that would only watch a relative latency threshold does not probe (it would have no
   * baseline and samples before the run ends).
   */
  public static final long SHORT_RUN_ROWS = 50_000;

  /**
   * Whether the run reads gently: paced ({@link GovernorSettings#paces}: a rate limit or a relative
   * latency threshold), or {@link #yields yielding} to other sessions. Its readers fetch at most
   * {@link #GOVERNED_FETCH_ROWS} rows per round trip.
   */
  public boolean readsGently() {
    return yields || export.governor().paces();
  }

  /**
   * The rows this plan's readers fetch per round trip in a JVM whose max heap is {@code
   * maxHeapBytes}: the export's {@code fetch_size} (at most {@link #GOVERNED_FETCH_ROWS} when it
   * {@link #readsGently reads gently}), fewer when the estimated row width times that is more than
   * the memory budget.
   */
  public int fetchSize(long maxHeapBytes) {
    return budget(maxHeapBytes).fetchSize(fetchRows(), averageRowBytes);
  }

  /**
   * The export's {@code fetch_size}, at most {@link #GOVERNED_FETCH_ROWS} when the run {@link
   * #readsGently reads gently}; before the memory budget's limit.
   */
  public int fetchRows() {
    return readsGently() ? Math.min(export.fetchSize(), GOVERNED_FETCH_ROWS) : export.fetchSize();
  }

  /** The memory budget of each of this plan's readers in a JVM whose max heap is given. */
  public MemoryBudget budget(long maxHeapBytes) {
    return export.memory().resolve(maxHeapBytes, parallelism);
  }

  /**
   * This plan read under {@code governor}: a resumed run's, whose thresholds and rate limits are
   * the config's now ({@link GovernorSettings#readingAs}); the chunks and everything else stay.
   */
  public ExportPlan withGovernor(GovernorSettings governor) {
    return copy(export.withGovernor(governor), parallelism, notes, averageRowBytes, yields);
  }

  /** This plan with another estimate of its row width. */
  public ExportPlan withAverageRowBytes(long rowBytes) {
    return copy(export, parallelism, notes, rowBytes, yields);
  }

  /** This plan with the given parts changed and every other part as it is. */
  private ExportPlan copy(
      ExportSpec newExport,
      int newParallelism,
      List<PlanNote> newNotes,
      long newAverageRowBytes,
      boolean newYields) {
    return new ExportPlan(
        runId,
        newExport,
        source,
        columns,
        strategy,
        splitKey,
        chunks,
        newParallelism,
        estimatedRows,
        createdAt,
        newNotes,
        cursor,
        newAverageRowBytes,
        newYields);
  }

  /** A plan of a mode without a cursor. */
  public ExportPlan(
      String runId,
      ExportSpec export,
      SourceKind source,
      List<SourceColumn> columns,
      Strategy strategy,
      SplitKey splitKey,
      List<Chunk> chunks,
      int parallelism,
      long estimatedRows,
      Instant createdAt,
      List<PlanNote> notes) {
    this(
        runId,
        export,
        source,
        columns,
        strategy,
        splitKey,
        chunks,
        parallelism,
        estimatedRows,
        createdAt,
        notes,
        null);
  }

  /** The notes as text, for display. */
  public List<String> noteTexts() {
    return notes.stream().map(PlanNote::render).toList();
  }

  /** This plan with other notes and parallelism. */
  public ExportPlan withTuning(int newParallelism, List<PlanNote> newNotes) {
    return withTuning(newParallelism, newNotes, yields);
  }

  /** This plan with other notes and parallelism, yielding to other sessions or not. */
  public ExportPlan withTuning(int newParallelism, List<PlanNote> newNotes, boolean newYields) {
    return copy(export, newParallelism, newNotes, averageRowBytes, newYields);
  }

  /** A plan that reads as many chunks at once as the export's configured parallelism allows. */
  public ExportPlan(
      String runId,
      ExportSpec export,
      SourceKind source,
      List<SourceColumn> columns,
      Strategy strategy,
      SplitKey splitKey,
      List<Chunk> chunks,
      long estimatedRows,
      Instant createdAt,
      List<PlanNote> notes) {
    this(
        runId,
        export,
        source,
        columns,
        strategy,
        splitKey,
        chunks,
        Objects.requireNonNull(export, "export").parallelism(),
        estimatedRows,
        createdAt,
        notes);
  }
}
