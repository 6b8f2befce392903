package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code consistency: snapshot} is stated as a cost: how long the snapshot is held, and where. */
class SnapshotFindingsTest {
  private static ExportPlan plan(Consistency consistency, long pauseMillis) {
    return Evidences.plan(
        Evidences.spec(new FullMode(), 100_000, 1000, 2)
            .withPause(pauseMillis)
            .withConsistency(consistency),
        new SplitKey("id", KeyType.INTEGER),
        Evidences.chunks(10),
        1_000_000);
  }

  @Test
  void shouldFindNothingForPerChunkSnapshots() {
    assertThat(
            SnapshotFindings.of(
                Evidences.evidence(
                    plan(Consistency.CHUNK, 0), Evidences.facts(1_000_000), List.of())))
        .isEmpty();
  }

  @Test
  void shouldEstimateHowLongTheSnapshotIsHeldOnAPrimary() {
    List<Finding> findings =
        SnapshotFindings.of(
            Evidences.evidence(
                plan(Consistency.SNAPSHOT, 1000), Evidences.facts(1_000_000), List.of()));

    // 1,000,000 rows at 50,000 rows/s over 2 readers = 10 s, plus 5 rounds of a 1 s pause.
    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.SNAPSHOT_HELD))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
        .satisfies(f -> assertThat(f.get(FindingParam.ESTIMATED_SECONDS)).isEqualTo(15.0))
        .satisfies(f -> assertThat(f.get(FindingParam.CHUNKS)).isEqualTo(10))
        .satisfies(f -> assertThat(f.get(FindingParam.ON_REPLICA)).isFalse());
  }

  @Test
  void shouldWarnOnAReplicaWhereReplayConflictsWithTheSnapshot() {
    List<Finding> findings =
        SnapshotFindings.of(
            Evidences.evidence(
                plan(Consistency.SNAPSHOT, 0),
                Evidences.replica(Evidences.facts(1_000_000), 0.0),
                List.of()));

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .satisfies(f -> assertThat(f.get(FindingParam.ON_REPLICA)).isTrue());
  }
}
