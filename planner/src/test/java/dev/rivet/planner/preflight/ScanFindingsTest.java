package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.Evidences.evidence;
import static dev.rivet.planner.preflight.Evidences.facts;
import static dev.rivet.planner.preflight.Evidences.fullPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.KeyType;
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
    assertThat(findings.get(0).message())
        .isEqualTo(
            "chunk column updated_at of app.orders has no index: every one of the 3 chunks scans"
                + " the whole table");
    assertThat(findings.get(0).fix()).isEqualTo("needs index: " + CREATE);
    assertThat(findings.get(1).severity()).isEqualTo(Severity.WARN);
    assertThat(findings.get(1).fix()).startsWith("needs index: " + CREATE);
  }

  @Test
  void shouldRejectManyChunksEachScanningALargeTable() {
    Finding scan =
        ScanFindings.of(
                withIndex(calendarPlan(100, 1_000_000), facts(1_000_000), Access.FULL_SCAN, false))
            .get(1);

    assertThat(scan.code()).isEqualTo(FindingCode.SEQ_SCAN_PER_CHUNK);
    assertThat(scan.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(scan.message())
        .contains("each of the 100 chunks reads the whole table (about 1000000 rows)")
        .contains("100000000 rows in all");
  }

  @Test
  void shouldBlameStatisticsOrChunkSizeWhenAnIndexedChunkIsScanned() {
    Finding scan =
        ScanFindings.of(withIndex(calendarPlan(3, 30_000), facts(30_000), Access.FULL_SCAN, true))
            .get(0);

    assertThat(scan.code()).isEqualTo(FindingCode.SEQ_SCAN_PER_CHUNK);
    assertThat(scan.fix()).contains("raise chunk_rows").contains("ANALYZE \"app\".\"orders\"");
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
        .satisfies(f -> assertThat(f.message()).contains("2000000 rows are read by one long"));
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
        .satisfies(f -> assertThat(f.message()).contains("about 2.0e-08 rows per key value"));
  }

  @Test
  void shouldWarnOfASparseKeySplitAtEqualWidths() {
    assertThat(ScanFindings.of(sparse(2_000)))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .satisfies(f -> assertThat(f.fix()).startsWith("raise chunk_rows to at least 20 "));
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
  }
}
