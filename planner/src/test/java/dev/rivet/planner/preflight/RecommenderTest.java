package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.Evidences.evidence;
import static dev.rivet.planner.preflight.Evidences.facts;
import static dev.rivet.planner.preflight.Evidences.fullPlan;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Verdicts from findings, and the tuning recommended for each. */
class RecommenderTest {

  private static PreflightOutcome judge(Evidence evidence) {
    List<Finding> findings = Preflight.findings(evidence);
    Verdict verdict = Verdict.of(findings);
    return new PreflightOutcome(
        findings, verdict, Recommender.recommend(evidence, findings, verdict));
  }

  private record PreflightOutcome(
      List<Finding> findings, Verdict verdict, Recommendation recommended) {}

  @Test
  void shouldJudgeACleanExportSafeAndKeepItsParallelism() {
    PreflightOutcome outcome =
        judge(evidence(fullPlan(10, 100_000, 4), facts(100_000), Access.INDEX_RANGE));

    assertThat(outcome.findings()).isEmpty();
    assertThat(outcome.verdict()).isEqualTo(Verdict.SAFE);
    assertThat(outcome.recommended().profile()).isEqualTo(Profile.BALANCED);
    assertThat(outcome.recommended().parallelism()).isEqualTo(4);
    assertThat(outcome.recommended().reason())
        .contains("the source is a primary")
        .contains("parallelism 4 (configured parallelism 4, capped by 10 chunks and 50 free");
  }

  @Test
  void shouldRecommendFastUpToTheFreeConnectionsOnAHealthyReplica() {
    PreflightOutcome outcome =
        judge(
            evidence(
                fullPlan(10, 100_000, 2),
                Evidences.replica(facts(100_000), 1.0),
                Access.INDEX_RANGE));

    assertThat(outcome.verdict()).isEqualTo(Verdict.SAFE);
    assertThat(outcome.recommended().profile()).isEqualTo(Profile.FAST);
    assertThat(outcome.recommended().parallelism()).isEqualTo(10);
  }

  @Test
  void shouldRecommendSafeAndOneChunkAtATimeWhenChunksScanTheTable() {
    PreflightOutcome outcome =
        judge(evidence(fullPlan(3, 30_000, 4), facts(30_000), Access.FULL_SCAN));

    assertThat(outcome.verdict()).isEqualTo(Verdict.DEGRADED);
    assertThat(outcome.recommended().profile()).isEqualTo(Profile.SAFE);
    assertThat(outcome.recommended().parallelism()).isEqualTo(1);
  }

  @Test
  void shouldJudgeCriticalFindingsUnsafeAndRecommendOneAtATime() {
    PreflightOutcome outcome =
        judge(
            evidence(
                fullPlan(100, 2_000_000, 1_000),
                facts(2_000_000, Evidences.noLimit(), Evidences.free(100, 10)),
                Access.FULL_SCAN));

    assertThat(outcome.findings())
        .extracting(Finding::severity)
        .containsExactly(Severity.CRITICAL, Severity.CRITICAL);
    assertThat(outcome.verdict()).isEqualTo(Verdict.UNSAFE);
    assertThat(outcome.recommended())
        .isEqualTo(
            new Recommendation(
                Profile.SAFE,
                1,
                "critical findings: read one chunk at a time, slowed while the source's latency rises, until they are fixed"));
  }

  @Test
  void shouldTakeTheWorseVerdict() {
    assertThat(Verdict.worse(Verdict.SAFE, Verdict.DEGRADED)).isEqualTo(Verdict.DEGRADED);
    assertThat(Verdict.worse(Verdict.UNSAFE, Verdict.DEGRADED)).isEqualTo(Verdict.UNSAFE);
    assertThat(Verdict.of(List.of())).isEqualTo(Verdict.SAFE);
  }
}
