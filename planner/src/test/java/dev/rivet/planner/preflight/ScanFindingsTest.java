package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.Evidences.evidence;
import static dev.rivet.planner.preflight.Evidences.facts;
import static dev.rivet.planner.preflight.Evidences.fullPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.split.KeyStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanFindingsTest {
  private static final String CREATE = "CREATE INDEX ON \"app\".\"orders\" (\"updated_at\")";

  private static Evidence withIndex(
      ExportPlan plan, SourceFacts facts, Access access, boolean indexed) {
    return new Evidence(
        plan,
        facts,
        Evidences.explains(plan, access, 1_000),
        new KeyIndex("chunk", "updated_at", indexed, CREATE),
        false,
        null,
        "ANALYZE \"app\".\"orders\"");
  }

  private static ExportPlan calendarPlan(int chunks, long rows) {
    return Evidences.plan(
        Evidences.spec(new ChunkedMode("updated_at", ChunkBy.DAY, 1, 0, "UTC"), 1000, 1000, 2),
        new SplitKey("updated_at", KeyType.INTEGER),
        Evidences.chunks(chunks),
        rows);
  }

  @Test
  void shouldAdviseTheMissingIndexAsMigration() {
    List<Finding> findings =
        ScanFindings.of(withIndex(calendarPlan(3, 30_000), facts(30_000), Access.FULL_SCAN, false));

    assertThat(findings)
        .extracting(Finding::code)
        .containsExactly(FindingCode.MISSING_INDEX, FindingCode.SEQ_SCAN_PER_CHUNK);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARN);
    assertThat(findings.get(0).params())
        .containsExactly(
            entry(FindingParam.TABLE, "app.orders"),
            entry(FindingParam.KEY_ROLE, "chunk"),
            entry(FindingParam.KEY, "updated_at"),
            entry(FindingParam.CHUNKS, 3),
            entry(FindingParam.CREATE_INDEX, CREATE));
    assertThat(findings.get(1).severity()).isEqualTo(Severity.WARN);
    assertThat(findings.get(1).get(FindingParam.CREATE_INDEX)).isEqualTo(CREATE);
  }

  @Test
  void shouldRejectManyChunksEachScanningALargeTable() {
    Finding scan =
        ScanFindings.of(
                withIndex(calendarPlan(100, 1_000_000), facts(1_000_000), Access.FULL_SCAN, false))
            .get(1);

    assertThat(scan.code()).isEqualTo(FindingCode.SEQ_SCAN_PER_CHUNK);
    assertThat(scan.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(scan.params())
        .contains(
            entry(FindingParam.TABLE, "app.orders"),
            entry(FindingParam.FULL_SCAN_CHUNKS, List.of(0, 50)),
            entry(FindingParam.CHUNKS, 100),
            entry(FindingParam.ESTIMATED_ROWS, 1_000_000L),
            entry(FindingParam.SCANNED_ROWS, 100_000_000L));
  }

  @Test
  void shouldBlameStatisticsOrChunkSizeWhenAnIndexedChunkIsScanned() {
    Finding scan =
        ScanFindings.of(withIndex(calendarPlan(3, 30_000), facts(30_000), Access.FULL_SCAN, true))
            .get(0);

    assertThat(scan.code()).isEqualTo(FindingCode.SEQ_SCAN_PER_CHUNK);
    assertThat(scan.has(FindingParam.CREATE_INDEX)).isFalse();
    assertThat(scan.get(FindingParam.ANALYZE)).isEqualTo("ANALYZE \"app\".\"orders\"");
  }

  @Test
  void shouldAcceptAFullScanOfAnExportReadByOneStatement() {
    assertThat(ScanFindings.of(evidence(fullPlan(1, 100, 2), facts(100), Access.FULL_SCAN)))
        .isEmpty();
  }

  @Test
  void shouldNoteAKeylessTableReadByOneLongStatement() {
    Evidence keyless =
        new Evidence(
            Evidences.plan(
                Evidences.spec(new FullMode(), 500_000, 1000, 2),
                null,
                Evidences.chunks(1),
                2_000_000),
            facts(2_000_000),
            List.of(),
            null,
            true,
            null,
            "ANALYZE \"app\".\"orders\"");

    assertThat(ScanFindings.of(keyless))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.MISSING_INDEX))
        .satisfies(
            f ->
                assertThat(f.params())
                    .containsExactly(
                        entry(FindingParam.TABLE, "app.orders"),
                        entry(FindingParam.ESTIMATED_ROWS, 2_000_000L)));
  }

  private static Evidence sparse(int chunks) {
    ExportPlan plan = fullPlan(chunks, 20_000, 2);
    return new Evidence(
        plan,
        facts(20_000),
        Evidences.explains(plan, Access.INDEX_RANGE, 10),
        null,
        false,
        new KeyStats(KeyType.INTEGER, 1, 1_000_000_000_000L, 20_000),
        null);
  }

  @Test
  void shouldNoteASparseKeyThatTheWalkBalances() {
    assertThat(ScanFindings.of(sparse(20)))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
        .satisfies(
            f ->
                assertThat(f.get(FindingParam.ROWS_PER_KEY_VALUE)).isCloseTo(2.0e-8, within(1e-12)))
        .satisfies(
            f ->
                assertThat(f.params())
                    .contains(
                        entry(FindingParam.KEY, "id"),
                        entry(FindingParam.KEY_MIN, "1"),
                        entry(FindingParam.KEY_MAX, "1000000000000"),
                        entry(FindingParam.CHUNKS, 20),
                        entry(FindingParam.WALK_MAX_CHUNKS, 1_000))
                    .doesNotContainKey(FindingParam.MIN_CHUNK_ROWS));
  }

  @Test
  void shouldWarnOfASparseKeySplitAtEqualWidths() {
    assertThat(ScanFindings.of(sparse(2_000)))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .satisfies(f -> assertThat(f.get(FindingParam.MIN_CHUNK_ROWS)).isEqualTo(20L))
        .satisfies(
            f ->
                assertThat(f.get(FindingParam.EXPLAINED_ROWS))
                    .containsExactly(entry(0, 10L), entry(1_000, 10L)));
  }

  @Test
  void shouldNoteMissingStatisticsAndFailedExplains() {
    ExportPlan plan = fullPlan(1, -1, 2);
    Evidence evidence =
        evidence(
            plan,
            facts(-1),
            List.of(ChunkExplain.unavailable(0, "(-inf, +inf)", "permission denied")));

    assertThat(ScanFindings.of(evidence))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FindingCode.NO_STATISTICS, Severity.INFO),
            org.assertj.core.groups.Tuple.tuple(FindingCode.EXPLAIN_UNAVAILABLE, Severity.INFO));
    assertThat(ScanFindings.of(evidence).get(1).params())
        .containsExactly(
            entry(FindingParam.CHUNK, 0), entry(FindingParam.REASON, "permission denied"));
  }

  @Test
  void shouldNameNoTableWhenTheChunksOfAQueryScan() {
    ExportPlan query =
        Evidences.plan(
            Evidences.spec(
                new QueryText("SELECT * FROM app.orders"),
                new ChunkedMode("updated_at", ChunkBy.DAY, 1, 0, "UTC"),
                1000,
                1000,
                2),
            new SplitKey("updated_at", KeyType.INTEGER),
            Evidences.chunks(3),
            3_000);

    assertThat(
            ScanFindings.of(
                new Evidence(
                    query,
                    facts(3_000),
                    Evidences.explains(query, Access.FULL_SCAN, 1_000),
                    null,
                    false,
                    null,
                    null)))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.SEQ_SCAN_PER_CHUNK))
        .satisfies(
            f ->
                assertThat(f.params())
                    .doesNotContainKeys(
                        FindingParam.TABLE, FindingParam.ANALYZE, FindingParam.CREATE_INDEX));
  }
}
