package dev.rivet.pipeline.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.pipeline.govern.Decision.Action;
import org.junit.jupiter.api.Test;

/** The governor's rule: slow down, then pause, over a threshold; resume below half of it. */
class GovernorPolicyTest {
  private static final GovernorPolicy LATENCY_250MS =
      new GovernorPolicy(new GovernorSettings(250, 0, 0, 0, false));
  private static final GovernorPolicy LAG_30S =
      new GovernorPolicy(new GovernorSettings(0, 30_000, 0, 0, false));

  @Test
  void shouldSlowDownThenPauseWhileTheLatencyStaysOver() {
    Decision first = LATENCY_250MS.decide(GovernorState.NORMAL, new Sample(900, -1));
    Decision second = LATENCY_250MS.decide(first.next(), new Sample(2_300, -1));
    Decision third = LATENCY_250MS.decide(second.next(), new Sample(4_300, -1));

    assertThat(first.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(first.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(first.reason()).isEqualTo("probe latency 900 ms, max_source_latency 250 ms");
    assertThat(second.action()).isEqualTo(Action.PAUSE);
    assertThat(second.next()).isEqualTo(GovernorState.PAUSED);
    assertThat(third.action()).isEqualTo(Action.HOLD);
    assertThat(third.next()).isEqualTo(GovernorState.PAUSED);
  }

  @Test
  void shouldResumeOnlyAtHalfTheThreshold() {
    Decision between = LATENCY_250MS.decide(GovernorState.PAUSED, new Sample(200, -1));
    Decision atHalf = LATENCY_250MS.decide(GovernorState.PAUSED, new Sample(125, -1));
    Decision slowedRecovers = LATENCY_250MS.decide(GovernorState.SLOWED, new Sample(3, -1));

    assertThat(between.action()).isEqualTo(Action.HOLD);
    assertThat(between.next()).isEqualTo(GovernorState.PAUSED);
    assertThat(atHalf.action()).isEqualTo(Action.RESUME);
    assertThat(atHalf.next()).isEqualTo(GovernorState.NORMAL);
    assertThat(slowedRecovers.action()).isEqualTo(Action.RESUME);
  }

  @Test
  void shouldHoldANormalRunWithinTheThreshold() {
    Decision decision = LATENCY_250MS.decide(GovernorState.NORMAL, new Sample(250, -1));

    assertThat(decision.action()).isEqualTo(Action.HOLD);
    assertThat(decision.next()).isEqualTo(GovernorState.NORMAL);
  }

  @Test
  void shouldActOnAMeasuredReplicaLag() {
    Decision over = LAG_30S.decide(GovernorState.NORMAL, new Sample(2, 45_000));
    Decision caughtUp = LAG_30S.decide(GovernorState.PAUSED, new Sample(2, 10_000));
    Decision unknown = LAG_30S.decide(GovernorState.PAUSED, new Sample(2, -1));

    assertThat(over.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(over.reason()).isEqualTo("replica lag 45000 ms, max_replica_lag 30000 ms");
    assertThat(caughtUp.action()).isEqualTo(Action.RESUME);
    // A primary, or a replica that cannot tell: no lag measured, nothing changes.
    assertThat(unknown.action()).isEqualTo(Action.HOLD);
    assertThat(unknown.next()).isEqualTo(GovernorState.PAUSED);
  }

  @Test
  void shouldNeedEveryValueRecoveredToResume() {
    GovernorPolicy both = new GovernorPolicy(new GovernorSettings(250, 30_000, 0, 0, false));

    Decision lagStillHigh = both.decide(GovernorState.PAUSED, new Sample(10, 20_000));
    Decision latencyOver = both.decide(GovernorState.NORMAL, new Sample(300, 0));

    assertThat(lagStillHigh.action()).isEqualTo(Action.HOLD);
    assertThat(latencyOver.action()).isEqualTo(Action.SLOW_DOWN);
  }

  @Test
  void shouldChangeNothingWhenTheProbeFailed() {
    Decision decision = LATENCY_250MS.decide(GovernorState.SLOWED, Sample.NONE);

    assertThat(decision.action()).isEqualTo(Action.HOLD);
    assertThat(decision.next()).isEqualTo(GovernorState.SLOWED);
  }
}
