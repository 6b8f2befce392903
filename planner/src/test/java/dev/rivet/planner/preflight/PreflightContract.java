package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link Preflight} must find on every source, against real tables: {@value #EVENTS} rows
 * whose {@code updated_at} advances two minutes per row, with and without an index on it, and a
 * sparse key. Subclasses create the fixtures in their database.
 */
abstract class PreflightContract {
  static final int EVENTS = 100_000;
  static final String PLAIN = "check_events_plain";
  static final String INDEXED = "check_events_indexed";
  static final String SPARSE = "check_sparse";

  private static final long GIB = 1L << 30;

  abstract SourceConnection source();

  /** The source, with every session's statement time limit set to {@code millis}. */
  abstract SourceConnection sourceWithStatementTimeout(long millis);

  abstract TableRef table(String name);

  /** The server's buffer cache as {@link SourceFacts#cacheBytes()} should report it. */
  abstract long expectedCacheBytes();

  /** The quoted {@code ON table (column)} part of the index advice for the plain table. */
  abstract String expectedIndexTarget();

  private PreflightReport check(SourceConnection source, ExportSpec export) {
    return new Preflight(Clock.systemUTC(), GIB).check(source, export, null);
  }

  private ExportSpec export(String table, ExtractMode mode, long chunkRows, int parallelism) {
    return export(table(table), mode, chunkRows, parallelism);
  }

  static ExportSpec export(Relation relation, ExtractMode mode, long chunkRows, int parallelism) {
    return new ExportSpec(
            "check_export",
            relation,
            new FullMode(),
            ReadSettings.of(
                chunkRows, // Not above chunk_rows, so the planner's memory warning stays out of the
                // verdicts.
                (int) Math.min(TuningProfile.DEFAULT.fetchSize(), chunkRows),
                parallelism),
            new ValuePolicies(InfinityPolicy.CLAMP, ZeroDatePolicy.NULL, null, null, null),
            new OutputSettings(
                Format.PARQUET,
                Compression.NONE,
                Destination.parse("/never/written"),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT)
        .withMode(mode);
  }

  private static IncrementalMode cursor(String lookback) {
    return new IncrementalMode("updated_at", CursorType.TIMESTAMP, List.of(), Span.parse(lookback));
  }

  @Test
  void shouldAdviseAnIndexWhenTheCursorHasNone() {
    PreflightReport report = check(source(), export(PLAIN, cursor("5 minutes"), 5_000, 2));

    assertThat(report.strategy()).isEqualTo(StrategyKind.INCREMENTAL_BY_CURSOR);
    assertThat(report.plan().chunks()).hasSize(1);
    assertThat(report.explains()).singleElement().satisfies(e -> assertThat(e.fullScan()).isTrue());
    Finding missing = report.findings(FindingCode.MISSING_INDEX).get(0);
    assertThat(missing.severity()).isEqualTo(Severity.WARN);
    assertThat(missing.get(FindingParam.KEY_ROLE)).isEqualTo("cursor");
    assertThat(missing.get(FindingParam.KEY)).isEqualTo("updated_at");
    assertThat(missing.get(FindingParam.TABLE)).contains(PLAIN);
    assertThat(missing.get(FindingParam.CREATE_INDEX))
        .startsWith("CREATE INDEX")
        .contains(expectedIndexTarget());
    assertThat(report.verdict()).isEqualTo(Verdict.DEGRADED);
    assertThat(report.recommended().profile()).isEqualTo(Profile.SAFE);
    assertThat(report.recommended().parallelism()).isEqualTo(1);
  }

  @Test
  void shouldBeSafeWhenTheCursorIsIndexed() {
    PreflightReport report = check(source(), export(INDEXED, cursor("5 minutes"), 5_000, 2));

    assertThat(report.findings())
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Verdict.SAFE);
    assertThat(report.plan().chunks().size()).isGreaterThan(10);
    assertThat(report.explains()).hasSize(2);
    assertThat(report.explains())
        .allSatisfy(
            e -> {
              assertThat(e.access()).isEqualTo(Access.INDEX_RANGE);
              assertThat(e.index()).isNotBlank();
              assertThat(e.estimatedRows()).isBetween(1L, 20_000L);
            });
    assertThat(report.source().estimatedRows()).isBetween(EVENTS / 2L, EVENTS * 2L);
    assertThat(report.source().tableBytes()).isPositive();
    assertThat(report.source().cacheBytes()).isEqualTo(expectedCacheBytes());
    assertThat(report.source().replica()).isFalse();
    assertThat(report.source().timeLimit().millis()).isZero();
    assertThat(report.source().connections().tightest()).isPresent();
    assertThat(report.recommended().profile()).isEqualTo(Profile.BALANCED);
    assertThat(report.recommended().parallelism()).isEqualTo(2);
  }

  @Test
  void shouldFindAFullScanPerChunkWhenCalendarChunksHaveNoIndex() {
    // 100 000 rows two minutes apart span 139 days: 139 chunks, each scanning the whole table.
    PreflightReport report =
        check(
            source(),
            export(PLAIN, new ChunkedMode("updated_at", ChunkBy.DAY, 1, 0, "UTC"), 5_000, 2));

    assertThat(report.strategy()).isEqualTo(StrategyKind.CHUNKED_BY_CALENDAR);
    assertThat(report.plan().chunks().size()).isGreaterThan(100);
    assertThat(report.explains())
        .allSatisfy(e -> assertThat(e.access()).isEqualTo(Access.FULL_SCAN));
    Finding scan = report.findings(FindingCode.SEQ_SCAN_PER_CHUNK).get(0);
    assertThat(scan.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(scan.get(FindingParam.CREATE_INDEX)).startsWith("CREATE INDEX");
    assertThat(report.verdict()).isEqualTo(Verdict.UNSAFE);
    assertThat(report.recommended().parallelism()).isEqualTo(1);
  }

  @Test
  void shouldFindAnIndexRangeForTheSameChunksWhenIndexed() {
    PreflightReport report =
        check(
            source(),
            export(INDEXED, new ChunkedMode("updated_at", ChunkBy.DAY, 1, 0, "UTC"), 5_000, 2));

    assertThat(report.explains())
        .allSatisfy(e -> assertThat(e.access()).isEqualTo(Access.INDEX_RANGE));
    assertThat(report.findings(FindingCode.SEQ_SCAN_PER_CHUNK)).isEmpty();
    assertThat(report.findings(FindingCode.MISSING_INDEX)).isEmpty();
  }

  @Test
  void shouldNoteASparseKeyThatAnIndexWalkBalances() {
    PreflightReport report = check(source(), export(SPARSE, new FullMode(), 1_000, 2));

    assertThat(report.plan().chunks()).hasSize(20);
    Finding sparse = report.findings(FindingCode.SPARSE_KEY).get(0);
    assertThat(sparse.severity()).isEqualTo(Severity.INFO);
    assertThat(sparse.get(FindingParam.KEY)).isEqualTo("id");
    assertThat(sparse.get(FindingParam.CHUNKS))
        .isLessThanOrEqualTo(sparse.get(FindingParam.WALK_MAX_CHUNKS));
    assertThat(report.verdict()).isEqualTo(Verdict.SAFE);
  }

  @Test
  void shouldWarnOfASparseKeySplitAtEqualWidths() {
    PreflightReport report = check(source(), export(SPARSE, new FullMode(), 10, 2));

    assertThat(report.plan().chunks().size()).isGreaterThan(1_000);
    Finding sparse = report.findings(FindingCode.SPARSE_KEY).get(0);
    assertThat(sparse.severity()).isEqualTo(Severity.WARN);
    assertThat(sparse.get(FindingParam.MIN_CHUNK_ROWS)).isPositive();
    assertThat(report.verdict()).isEqualTo(Verdict.DEGRADED);
  }

  @Test
  void shouldExplainTheTablesOfAQueryExport() {
    TableRef table = table(INDEXED);
    ExportSpec query =
        export(
            new QueryText(
                "SELECT id, payload FROM "
                    + table.schema()
                    + "."
                    + table.name()
                    + " WHERE id <= 100"),
            new FullMode(),
            500_000,
            2);

    PreflightReport report = check(source(), query);

    assertThat(report.strategy()).isEqualTo(StrategyKind.SINGLE_READ);
    assertThat(report.source().estimatedRows()).isEqualTo(-1);
    assertThat(report.explains())
        .singleElement()
        .satisfies(e -> assertThat(e.access()).isEqualTo(Access.INDEX_RANGE));
    assertThat(report.verdict()).isEqualTo(Verdict.SAFE);
  }

  @Test
  void shouldRejectParallelismAboveTheConnectionLimit() {
    PreflightReport report = check(source(), export(INDEXED, new FullMode(), 1_000, 1_000));

    Finding finding = report.findings(FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS).get(0);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.get(FindingParam.PARALLELISM)).isEqualTo(1_000);
    assertThat(finding.get(FindingParam.LIMIT_NAME)).contains("max_connections");
    assertThat(report.verdict()).isEqualTo(Verdict.UNSAFE);
    assertThat(report.plan().parallelism()).isLessThan(1_000);
    assertThat(report.recommended().parallelism()).isEqualTo(1);
  }

  @Test
  void shouldRejectChunksLongerThanTheStatementTimeout() {
    PreflightReport report =
        check(sourceWithStatementTimeout(100), export(INDEXED, new FullMode(), 50_000, 2));

    assertThat(report.source().timeLimit().millis()).isEqualTo(100);
    Finding finding = report.findings(FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT).get(0);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.get(FindingParam.SETTING)).isEqualTo(report.source().timeLimit().setting());
    assertThat(finding.get(FindingParam.LIMIT_MILLIS)).isEqualTo(100L);
    assertThat(finding.get(FindingParam.FULL_SCAN)).isFalse();
    assertThat(finding.has(FindingParam.CREATE_INDEX)).isFalse();
    assertThat(report.verdict()).isEqualTo(Verdict.UNSAFE);
  }
}
