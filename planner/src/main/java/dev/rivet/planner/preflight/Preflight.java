package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.Planner;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.split.KeyStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks an export before it runs: plans it in memory, reads the source's facts, EXPLAINs the first
 * and a middle chunk query with their bounds bound, and judges the result as SAFE, DEGRADED or
 * UNSAFE with findings and a recommended tuning. Reads no data rows and stores nothing, so it can
 * run as often as wanted, e.g. before every {@code rivet run}.
 */
public final class Preflight {
  /** The run id of plans made only to be checked; they are never stored. */
  static final String CHECK_RUN_ID = "preflight-check";

  private final Clock clock;
  private final long maxHeapBytes;

  /** A check whose memory findings are judged against this JVM's max heap. */
  public Preflight(Clock clock) {
    this(clock, Runtime.getRuntime().maxMemory());
  }

  /**
   * @param maxHeapBytes the heap the export runs in, as {@link Runtime#maxMemory()} reports it
   */
  public Preflight(Clock clock, long maxHeapBytes) {
    this.clock = clock;
    this.maxHeapBytes = maxHeapBytes;
  }

  /**
   * Checks one export.
   *
   * @param previousMark for an incremental export, its stored high-water mark, or null (first run)
   * @throws dev.rivet.kernel.failure.RivetException when the export cannot be planned (missing
   *     table, bad config) or the source fails; a failed EXPLAIN is a finding instead
   */
  public PreflightReport check(SourceConnection source, ExportSpec export, String previousMark) {
    return check(
        source, new Planner(clock, maxHeapBytes).plan(source, export, CHECK_RUN_ID, previousMark));
  }

  /**
   * Checks a plan already made, e.g. the one {@code rivet run} is about to execute.
   *
   * @throws dev.rivet.kernel.failure.RivetException when the source fails; a failed EXPLAIN is a
   *     finding instead
   */
  public PreflightReport check(SourceConnection source, ExportPlan plan) {
    ExportSpec export = plan.export();
    Dialect dialect = Dialect.of(source.kind());
    SourceProbe probe = SourceProbe.of(dialect);
    try (Connection connection = SourceConnector.open(source)) {
      connection.setReadOnly(true);
      Catalog catalog = dialect.catalog(connection);
      SourceFacts facts = probe.facts(connection, catalog, export.relation());
      List<ChunkExplain> explains = new ArrayList<>();
      String table = SourceProbe.tableName(export.relation());
      for (int index : explained(plan)) {
        explains.add(probe.explain(connection, plan, plan.chunks().get(index), table));
      }
      TableRef tableRef = export.relation() instanceof TableRef t ? t : null;
      Evidence evidence =
          new Evidence(
              plan,
              facts,
              explains,
              keyIndex(catalog, dialect, plan, explains),
              tableRef != null
                  && export.mode() instanceof FullMode
                  && plan.strategy() == Strategy.SINGLE_READ
                  && (unchunked(plan)
                      || (catalog.splitKey(tableRef).isEmpty()
                          && catalog.keysetKey(tableRef).candidate().isEmpty())),
              keyStats(catalog, plan),
              tableRef == null ? null : dialect.analyzeStatement(tableRef));
      List<Finding> findings = findings(evidence);
      Verdict verdict = Verdict.of(findings);
      return new PreflightReport(
          plan,
          StrategyKind.of(plan),
          evidence.rowsPerChunk(),
          facts,
          explains,
          findings,
          verdict,
          Recommender.recommend(evidence, findings, verdict),
          plan.budget(maxHeapBytes));
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "export '" + export.name() + "': preflight check failed");
    }
  }

  /** Whether the planner found no key to split a table larger than one chunk. */
  private static boolean unchunked(ExportPlan plan) {
    return plan.notes().stream().anyMatch(n -> n.code() == NoteCode.UNCHUNKED_TABLE);
  }

  /** Every finding of the evidence, the most severe first. */
  static List<Finding> findings(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    findings.addAll(ScanFindings.of(evidence));
    findings.addAll(CursorFindings.of(evidence));
    findings.addAll(SourceLimitFindings.of(evidence));
    findings.addAll(PlanNoteFindings.of(evidence));
    findings.addAll(SnapshotFindings.of(evidence));
    findings.addAll(CacheFindings.of(evidence));
    findings.sort(Comparator.comparing(Finding::severity).reversed());
    return findings;
  }

  /** The first chunk and the middle one. */
  static List<Integer> explained(ExportPlan plan) {
    int middle = plan.chunks().size() / 2;
    return middle == 0 ? List.of(0) : List.of(0, middle);
  }

  /** Whether the column a mode ranges over is indexed; null for full exports and queries. */
  private static KeyIndex keyIndex(
      Catalog catalog, Dialect dialect, ExportPlan plan, List<ChunkExplain> explains) {
    ExportSpec export = plan.export();
    SplitKey key = plan.splitKey();
    if (export.mode() instanceof FullMode
        || key == null
        || !(export.relation() instanceof TableRef table)) {
      return null;
    }
    String role =
        export.mode() instanceof IncrementalMode
            ? "cursor"
            : export.mode() instanceof ChunkedMode ? "chunk" : "window";
    boolean indexed =
        key.fallback().isEmpty()
            ? catalog.isIndexed(table, key.column())
            // An expression can only be judged by what the optimizer does with it.
            : !explains.isEmpty()
                && explains.stream().noneMatch(e -> e.fullScan() || e.access() == Access.UNKNOWN);
    return new KeyIndex(
        role, key.describe(), indexed, IndexAdvice.createIndex(dialect, table, key));
  }

  /** Range and estimate of an integer key split by rows, to judge how sparse it is. */
  private static KeyStats keyStats(Catalog catalog, ExportPlan plan) {
    SplitKey key = plan.splitKey();
    ExportSpec export = plan.export();
    boolean byRows =
        export.mode() instanceof FullMode
            || (export.mode() instanceof ChunkedMode chunked && chunked.by() == ChunkBy.RANGE);
    if (key == null
        || !byRows
        || key.type() != KeyType.INTEGER
        || plan.estimatedRows() < 0
        || !(export.relation() instanceof TableRef table)
        || !catalog.isIndexed(table, key.column())) {
      return null;
    }
    Optional<long[]> range;
    try {
      range = catalog.keyRange(table, key);
    } catch (ArithmeticException e) {
      return null;
    }
    return range.map(r -> new KeyStats(key.type(), r[0], r[1], plan.estimatedRows())).orElse(null);
  }
}
