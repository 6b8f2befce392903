package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.Evidences.evidence;
import static dev.rivet.planner.preflight.Evidences.facts;
import static dev.rivet.planner.preflight.Evidences.free;
import static dev.rivet.planner.preflight.Evidences.fullPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.planner.tuning.FreeConnections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceLimitFindingsTest {

  private static List<Finding> findings(Evidence evidence) {
    return SourceLimitFindings.of(evidence);
  }

  @Test
  void shouldFindNothingWithinLimits() {
    assertThat(findings(evidence(fullPlan(10, 100_000, 4), facts(100_000), Access.INDEX_RANGE)))
        .isEmpty();
  }

  @Test
  void shouldRejectParallelismAboveTheConnectionLimitItself() {
    Evidence evidence =
        evidence(
            fullPlan(200, 200_000, 1_000),
            facts(200_000, Evidences.noLimit(), free(100, 5)),
            Access.INDEX_RANGE);

    Finding finding = findings(evidence).get(0);

    assertThat(finding.code()).isEqualTo(FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.params())
        .containsExactly(
            entry(FindingParam.PARALLELISM, 1_000),
            entry(FindingParam.LIMIT_NAME, "max_connections"),
            entry(FindingParam.LIMIT_ALLOWED, 100L),
            entry(FindingParam.LIMIT_OPEN, 5L),
            entry(FindingParam.CAPPED_PARALLELISM, 1_000),
            entry(FindingParam.SUGGESTED_PARALLELISM, 94L));
  }

  @Test
  void shouldNotWarnAboutAnAutoParallelismTheFreeConnectionsCap() {
    ExportPlan fixed = fullPlan(10, 100_000, 8);
    ExportPlan auto =
        new ExportPlan(
            fixed.runId(),
            fixed.export().withGovernor(GovernorSettings.NONE.withAutoParallelism(true)),
            fixed.source(),
            fixed.columns(),
            fixed.strategy(),
            fixed.splitKey(),
            fixed.chunks(),
            2,
            fixed.estimatedRows(),
            fixed.createdAt(),
            fixed.notes(),
            fixed.cursor());

    assertThat(
            findings(
                evidence(
                    auto, facts(100_000, Evidences.noLimit(), free(20, 17)), Access.INDEX_RANGE)))
        .isEmpty();
    assertThat(
            findings(
                    evidence(
                        auto,
                        facts(100_000, Evidences.noLimit(), free(20, 20)),
                        Access.INDEX_RANGE))
                .get(0)
                .severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldWarnWhenParallelismWouldBeCappedByFreeConnections() {
    Evidence evidence =
        evidence(
            fullPlan(10, 100_000, 8),
            facts(100_000, Evidences.noLimit(), free(20, 17)),
            Access.INDEX_RANGE);

    Finding finding = findings(evidence).get(0);

    assertThat(finding.severity()).isEqualTo(Severity.WARN);
    assertThat(finding.params())
        .contains(
            entry(FindingParam.PARALLELISM, 8),
            entry(FindingParam.LIMIT_ALLOWED, 20L),
            entry(FindingParam.LIMIT_OPEN, 17L),
            entry(FindingParam.SUGGESTED_PARALLELISM, 2L));
  }

  @Test
  void shouldNotWarnWhenTheChunksAreFewerThanTheFreeConnections() {
    Evidence evidence =
        evidence(
            fullPlan(2, 100_000, 8),
            facts(100_000, Evidences.noLimit(), free(20, 17)),
            Access.INDEX_RANGE);

    assertThat(findings(evidence)).isEmpty();
  }

  @Test
  void shouldRejectWhenNoConnectionIsFree() {
    Evidence evidence =
        evidence(
            fullPlan(10, 100_000, 2),
            facts(100_000, Evidences.noLimit(), free(20, 20)),
            Access.INDEX_RANGE);

    assertThat(findings(evidence))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL))
        .satisfies(f -> assertThat(f.get(FindingParam.LIMIT_OPEN)).isEqualTo(20L));
  }

  @Test
  void shouldOnlyNoteUnknownConnections() {
    Evidence evidence =
        evidence(
            fullPlan(10, 100_000, 2),
            facts(100_000, Evidences.noLimit(), FreeConnections.unknown("permission denied")),
            Access.INDEX_RANGE);

    assertThat(findings(evidence))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.CONNECTIONS_UNKNOWN))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
        .satisfies(
            f ->
                assertThat(f.params())
                    .containsExactly(
                        entry(FindingParam.REASON, "permission denied"),
                        entry(FindingParam.PARALLELISM, 2)));
  }

  /** 2 chunks of 50 000 rows read whole by one statement: 1 s at 50 000 rows/s. */
  private static Evidence wholeChunkStatement(long limitMillis) {
    return evidence(
        fullPlan(2, 100_000, 2),
        facts(100_000, new TimeLimit("max_statement_time", limitMillis, false), free(100, 1)),
        Access.INDEX_RANGE);
  }

  @Test
  void shouldRejectAChunkStatementLongerThanTheLimit() {
    Finding finding = findings(wholeChunkStatement(500)).get(0);

    assertThat(finding.code()).isEqualTo(FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.params())
        .containsExactly(
            entry(FindingParam.CHUNK, 0),
            entry(FindingParam.ESTIMATED_SECONDS, 1.0),
            entry(FindingParam.PER_FETCH, false),
            entry(FindingParam.DELIVERED_ROWS, 50_000L),
            entry(FindingParam.DELIVERED_ROWS_PER_SECOND, 50_000L),
            entry(FindingParam.FULL_SCAN_ROWS, 0L),
            entry(FindingParam.SCANNED_ROWS_PER_SECOND, 500_000L),
            entry(FindingParam.SETTING, "max_statement_time"),
            entry(FindingParam.LIMIT_MILLIS, 500L),
            entry(FindingParam.FULL_SCAN, false),
            entry(FindingParam.BUDGET_ROWS, 12_500L));
  }

  @Test
  void shouldWarnOfAChunkStatementAboveHalfTheLimit() {
    assertThat(findings(wholeChunkStatement(1_500)))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    assertThat(findings(wholeChunkStatement(3_000))).isEmpty();
  }

  @Test
  void shouldTimeEachFetchWhereTheLimitRestartsPerFetch() {
    // PostgreSQL: 1000 rows per fetch take 20 ms, far below 100 ms, however large the chunk.
    Evidence perFetch =
        evidence(
            fullPlan(2, 100_000, 2),
            facts(100_000, new TimeLimit("statement_timeout", 100, true), free(100, 1)),
            Access.INDEX_RANGE);

    assertThat(findings(perFetch)).isEmpty();
  }

  @Test
  void shouldCountTheFullScanABoundedChunkNeedsBeforeItsFirstFetch() {
    ExportPlan plan = fullPlan(10, 5_000_000, 2);
    Evidence scanning =
        evidence(
            plan,
            facts(5_000_000, new TimeLimit("statement_timeout", 5_000, true), free(100, 1)),
            Access.FULL_SCAN);

    Finding finding = findings(scanning).get(0);

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.params())
        .contains(
            entry(FindingParam.PER_FETCH, true),
            entry(FindingParam.DELIVERED_ROWS, 1_000L),
            entry(FindingParam.FULL_SCAN_ROWS, 5_000_000L),
            entry(FindingParam.FULL_SCAN, true))
        .doesNotContainKey(FindingParam.CREATE_INDEX);
  }

  @Test
  void shouldTimeAnAverageChunkWhenItIsLongerThanTheExplainedOnes() {
    ExportPlan plan = fullPlan(4, 100_000, 2);
    Evidence evidence =
        evidence(
            plan,
            facts(100_000, new TimeLimit("max_execution_time", 300, false), free(100, 1)),
            List.of(Evidences.explain(0, Access.INDEX_RANGE, 10)));

    assertThat(findings(evidence))
        .singleElement()
        .satisfies(f -> assertThat(f.get(FindingParam.AVERAGE_CHUNK_ROWS)).isEqualTo(25_000L))
        .satisfies(f -> assertThat(f.has(FindingParam.CHUNK)).isFalse());
  }

  @Test
  void shouldGiveTheMissingIndexWhenAFullScanMakesTheChunkTooLong() {
    ExportPlan plan = fullPlan(10, 5_000_000, 2);
    Evidence scanning =
        new Evidence(
            plan,
            facts(5_000_000, new TimeLimit("statement_timeout", 5_000, true), free(100, 1)),
            Evidences.explains(plan, Access.FULL_SCAN, 500_000),
            new KeyIndex("chunk", "id", false, "CREATE INDEX ON orders (id)"),
            false,
            null,
            null);

    assertThat(findings(scanning).get(0).get(FindingParam.CREATE_INDEX))
        .isEqualTo("CREATE INDEX ON orders (id)");
  }

  @Test
  void shouldWarnOfALaggingReplica() {
    Evidence lagging =
        evidence(
            fullPlan(10, 100_000, 2), Evidences.replica(facts(100_000), 900.0), Access.INDEX_RANGE);

    assertThat(findings(lagging))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.REPLICA_LAG))
        .satisfies(f -> assertThat(f.get(FindingParam.LAG_SECONDS)).isEqualTo(900.0));
  }
}
