package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.Evidences.evidence;
import static dev.rivet.planner.preflight.Evidences.facts;
import static dev.rivet.planner.preflight.Evidences.free;
import static dev.rivet.planner.preflight.Evidences.fullPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ExportPlan;
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
    assertThat(finding.message())
        .contains("parallelism 1000 is above the connection limit")
        .contains("max_connections allows 100 and 5 are open");
    assertThat(finding.fix())
        .isEqualTo("set parallelism to at most 94 (the free connections less one)");
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
    assertThat(finding.message()).contains("above the 3 free connections less one");
    assertThat(finding.fix()).isEqualTo("set parallelism to 2");
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
        .satisfies(f -> assertThat(f.message()).contains("no free connection"));
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
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
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
    assertThat(finding.message())
        .contains("1.0 s")
        .contains("50000 rows at 50000 rows/s")
        .contains("beyond max_statement_time = 500 ms");
    assertThat(finding.fix()).startsWith("lower chunk_rows to about 12500");
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
    assertThat(finding.message()).contains("a full scan of 5000000 rows").contains("per fetch");
    assertThat(finding.fix()).startsWith("make chunks read an index range");
  }

  @Test
  void shouldWarnOfALaggingReplica() {
    Evidence lagging =
        evidence(
            fullPlan(10, 100_000, 2), Evidences.replica(facts(100_000), 900.0), Access.INDEX_RANGE);

    assertThat(findings(lagging))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.REPLICA_LAG))
        .satisfies(f -> assertThat(f.message()).contains("900 s behind"));
  }
}
