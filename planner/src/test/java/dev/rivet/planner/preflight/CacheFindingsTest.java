package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SplitKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chunked read of a table larger than a quarter of PostgreSQL's shared_buffers is noted: its
 * index and TID range scans get no buffer ring, so they push the application's pages out.
 */
class CacheFindingsTest {
  private static final long CACHE = 128L << 20;

  private static List<Finding> findings(ExportPlan plan, long tableBytes, long cache, Access a) {
    SourceFacts facts = Evidences.sized(Evidences.facts(plan.estimatedRows()), tableBytes, cache);
    return CacheFindings.of(Evidences.evidence(plan, facts, a));
  }

  @Test
  void shouldNoteRangeChunksOfATableLargerThanAQuarterOfTheCache() {
    ExportPlan plan = Evidences.fullPlan(4, 2_000_000, 2);

    assertThat(findings(plan, CACHE / 4 + 1, CACHE, Access.INDEX_RANGE))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.CACHE_EVICTION))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
        .satisfies(f -> assertThat(f.get(FindingParam.TABLE)).isEqualTo("app.orders"))
        .satisfies(f -> assertThat(f.get(FindingParam.TABLE_BYTES)).isEqualTo(CACHE / 4 + 1))
        .satisfies(f -> assertThat(f.get(FindingParam.CACHE_BYTES)).isEqualTo(CACHE))
        .satisfies(f -> assertThat(f.get(FindingParam.CHUNKS)).isEqualTo(4));
  }

  @Test
  void shouldNoteNothingForATableThatPostgresWouldNotScanThroughARing() {
    // initscan uses the ring only above NBuffers / 4: a smaller table is cached by any scan.
    assertThat(findings(Evidences.fullPlan(4, 100_000, 2), CACHE / 4, CACHE, Access.INDEX_RANGE))
        .isEmpty();
  }

  @Test
  void shouldNoteNothingWhenChunksAreSequentialScans() {
    // A Seq Scan of a large table reads through the ring however many rows its filter keeps.
    assertThat(findings(Evidences.fullPlan(4, 2_000_000, 2), CACHE, CACHE, Access.FULL_SCAN))
        .isEmpty();
  }

  @Test
  void shouldNoteNothingForOneStatementEvenWhenItsExplainFailed() {
    // A whole-table statement is a Seq Scan, ring and all; an unknown access path does not change
    // that.
    assertThat(findings(Evidences.fullPlan(1, 2_000_000, 1), CACHE, CACHE, Access.UNKNOWN))
        .isEmpty();
  }

  @Test
  void shouldNoteNothingWhereTheCacheSizeIsNotRead() {
    assertThat(findings(Evidences.fullPlan(4, 2_000_000, 2), CACHE, -1, Access.INDEX_RANGE))
        .isEmpty();
  }

  @Test
  void shouldNoteNothingForAnIncrementalReadOfTheNewRowsOnly() {
    IncrementalMode mode =
        new IncrementalMode("updated_at", CursorType.TIMESTAMP, List.of(), Span.parse("0"));
    ExportPlan plan =
        Evidences.plan(
            Evidences.spec(mode, 1000, 1000, 2),
            new SplitKey("updated_at", KeyType.TIMESTAMP),
            Evidences.chunks(4),
            2_000_000);

    assertThat(findings(plan, CACHE, CACHE, Access.INDEX_RANGE)).isEmpty();
  }
}
