package dev.rivet.pipeline.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.pipeline.govern.Decision.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The governor's rule: additive increase, multiplicative decrease of the read rate. */
class GovernorPolicyTest {
  private static final GovernorPolicy LATENCY_250MS =
      new GovernorPolicy(new GovernorSettings(250, 0, 0, 0, false));
  private static final GovernorPolicy LAG_30S =
      new GovernorPolicy(new GovernorSettings(0, 30_000, 0, 0, false));
  private static final long CEILING = 10_000;

  private static Sample ms(long latencyMillis) {
    return Sample.ofMillis(latencyMillis, -1);
  }

  @Test
  void shouldHalveTheRateWhenOverAndHoldAtTheFloor() {
    Decision first = LATENCY_250MS.decide(GovernorState.NORMAL, 0, CEILING, ms(900));
    Decision second = LATENCY_250MS.decide(first.next(), first.rowsPerSecond(), CEILING, ms(300));
    Decision third = LATENCY_250MS.decide(GovernorState.SLOWED, 1_500, CEILING, ms(300));
    Decision atFloor =
        LATENCY_250MS.decide(GovernorState.SLOWED, GovernorPolicy.floor(CEILING), CEILING, ms(300));

    assertThat(first.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(first.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(first.rowsPerSecond()).isEqualTo(5_000);
    assertThat(first.reason()).isEqualTo("probe latency p90 900 ms, max_source_latency 250 ms");
    assertThat(second.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(second.rowsPerSecond()).isEqualTo(2_500);
    // Never below a tenth of the ceiling.
    assertThat(third.rowsPerSecond()).isEqualTo(1_000);
    // Over but not far over at the floor: a busy source; the run reads on at the floor.
    assertThat(atFloor.action()).isEqualTo(Action.HOLD);
    assertThat(atFloor.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(atFloor.rowsPerSecond()).isEqualTo(1_000);
  }

  @Test
  void shouldPauseASlowedRunFarOverTheThresholdAtOnce() {
    // A probe behind a lock: four times the threshold is not a matter of rate.
    Decision decision = LATENCY_250MS.decide(GovernorState.SLOWED, 5_000, CEILING, ms(1_100));

    assertThat(decision.action()).isEqualTo(Action.PAUSE);
    assertThat(decision.rowsPerSecond()).isEqualTo(5_000);
  }

  @Test
  void shouldRaiseTheRateStepByStepWithinTheThresholdAndReadFreelyAtTheCeiling() {
    Decision up = LATENCY_250MS.decide(GovernorState.SLOWED, 2_500, CEILING, ms(200));
    Decision last = LATENCY_250MS.decide(GovernorState.SLOWED, 9_600, CEILING, ms(200));

    assertThat(up.action()).isEqualTo(Action.SPEED_UP);
    assertThat(up.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(up.rowsPerSecond()).isEqualTo(3_000);
    assertThat(last.action()).isEqualTo(Action.RESUME);
    assertThat(last.next()).isEqualTo(GovernorState.NORMAL);
    assertThat(last.rowsPerSecond()).isZero();
  }

  @Test
  void shouldResumeAPausedRunAtItsLastRateOnlyAtHalfTheThreshold() {
    Decision between = LATENCY_250MS.decide(GovernorState.PAUSED, 100, CEILING, ms(200));
    Decision atHalf = LATENCY_250MS.decide(GovernorState.PAUSED, 100, CEILING, ms(125));

    assertThat(between.action()).isEqualTo(Action.HOLD);
    assertThat(between.next()).isEqualTo(GovernorState.PAUSED);
    assertThat(atHalf.action()).isEqualTo(Action.RESUME);
    assertThat(atHalf.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(atHalf.rowsPerSecond()).isEqualTo(100);
    assertThat(atHalf.reason()).contains("recovered: at most half of each threshold");
  }

  @Test
  void shouldHoldANormalRunWithinTheThreshold() {
    Decision decision = LATENCY_250MS.decide(GovernorState.NORMAL, 0, CEILING, ms(250));

    assertThat(decision.action()).isEqualTo(Action.HOLD);
    assertThat(decision.next()).isEqualTo(GovernorState.NORMAL);
  }

  @Test
  void shouldFollowInjectedLoadDownAndBackUpInOrder() {
    // Latency over while loaded, then within: multiplicative decrease, additive increase.
    long[] window = {400, 400, 400, 100, 100, 100};
    GovernorState state = GovernorState.NORMAL;
    long rate = 0;
    List<Action> actions = new ArrayList<>();
    List<Long> rates = new ArrayList<>();
    for (long latency : window) {
      Decision d = LATENCY_250MS.decide(state, rate, CEILING, ms(latency));
      actions.add(d.action());
      rates.add(d.rowsPerSecond());
      state = d.next();
      rate = d.rowsPerSecond();
    }

    assertThat(actions)
        .containsExactly(
            Action.SLOW_DOWN,
            Action.SLOW_DOWN,
            Action.SLOW_DOWN,
            Action.SPEED_UP,
            Action.SPEED_UP,
            Action.SPEED_UP);
    assertThat(rates).containsExactly(5_000L, 2_500L, 1_250L, 1_750L, 2_250L, 2_750L);
    assertThat(GovernorPolicy.floor(CEILING)).isEqualTo(1_000);
  }

  @Test
  void shouldNameTheRelativeThresholdAndItsValueInForce() {
    GovernorSettings relative =
        GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(2));
    GovernorPolicy policy = new GovernorPolicy(relative, 840);

    Decision decision = policy.decide(GovernorState.NORMAL, 0, CEILING, new Sample(1_520, -1));

    assertThat(decision.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(decision.reason())
        .isEqualTo("probe latency p90 1.52 ms, max_source_latency 2x = 0.84 ms");
  }

  @Test
  void shouldActOnAMeasuredReplicaLag() {
    Decision over = LAG_30S.decide(GovernorState.NORMAL, 0, CEILING, Sample.ofMillis(2, 45_000));
    Decision caughtUp =
        LAG_30S.decide(GovernorState.PAUSED, 100, CEILING, Sample.ofMillis(2, 10_000));
    Decision unknown = LAG_30S.decide(GovernorState.PAUSED, 100, CEILING, Sample.ofMillis(2, -1));

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

    Decision lagStillHigh =
        both.decide(GovernorState.PAUSED, 100, CEILING, Sample.ofMillis(10, 20_000));
    Decision latencyOver = both.decide(GovernorState.NORMAL, 0, CEILING, Sample.ofMillis(300, 0));

    assertThat(lagStillHigh.action()).isEqualTo(Action.HOLD);
    assertThat(latencyOver.action()).isEqualTo(Action.SLOW_DOWN);
  }

  @Test
  void shouldChangeNothingWhenTheProbeFailed() {
    Decision decision = LATENCY_250MS.decide(GovernorState.SLOWED, 500, CEILING, Sample.NONE);

    assertThat(decision.action()).isEqualTo(Action.HOLD);
    assertThat(decision.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(decision.rowsPerSecond()).isEqualTo(500);
  }

  @Test
  void shouldResolveARelativeThresholdFromTheBaselineWithAFloor() {
    GovernorSettings twice = GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(2));

    GovernorPolicy measured = GovernorPolicy.relative(twice, 1_000, 500);
    GovernorPolicy tiny = GovernorPolicy.relative(twice, 100, 500);

    assertThat(measured.latencyThresholdMicros()).isEqualTo(2_000);
    // Recovered halfway between the baseline and the threshold, not at half the threshold.
    assertThat(measured.latencyRecoveredMicros()).isEqualTo(1_500);
    assertThat(tiny.latencyThresholdMicros()).isEqualTo(500);
    assertThat(tiny.latencyRecoveredMicros()).isEqualTo(375);
    assertThat(measured.decide(GovernorState.PAUSED, 100, CEILING, new Sample(1_400, -1)).action())
        .isEqualTo(Action.RESUME);
  }

  @Test
  void shouldPauseARunWithARelativeThresholdOnlyBehindALock() {
    GovernorSettings twice = GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(2));
    // A loopback baseline of 0.43 ms: 2x = 0.86 ms.
    GovernorPolicy policy = GovernorPolicy.relative(twice, 430, 500);

    // 6.24 ms is over four times the threshold, but a busy machine, not a lock: slow down further.
    Decision busy = policy.decide(GovernorState.SLOWED, 5_000, CEILING, new Sample(6_240, -1));
    Decision locked = policy.decide(GovernorState.SLOWED, 5_000, CEILING, new Sample(150_000, -1));

    assertThat(busy.action()).isEqualTo(Action.SLOW_DOWN);
    assertThat(busy.next()).isEqualTo(GovernorState.SLOWED);
    assertThat(locked.action()).isEqualTo(Action.PAUSE);
  }

  @Test
  void shouldFindTheSourceBusyOnItsOwnOnlyOverARelativeThresholdAtTheFloor() {
    GovernorSettings onePointThree =
        GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(1.3));
    // A baseline of 1.46 ms measured in a quiet moment: 1.3x = 1.90 ms.
    GovernorPolicy policy = GovernorPolicy.relative(onePointThree, 1_460, 500);
    long floor = GovernorPolicy.floor(CEILING);
    Sample over = new Sample(2_300, -1);

    assertThat(policy.busyOnItsOwn(GovernorState.SLOWED, floor, CEILING, over)).isTrue();
    // Above the floor the run can still lower the latency by reading slower.
    assertThat(policy.busyOnItsOwn(GovernorState.SLOWED, floor + 1, CEILING, over)).isFalse();
    assertThat(policy.busyOnItsOwn(GovernorState.NORMAL, 0, CEILING, over)).isFalse();
    assertThat(policy.busyOnItsOwn(GovernorState.PAUSED, floor, CEILING, over)).isFalse();
    // Within the threshold, or behind a lock (which pauses the run): not busy on its own.
    assertThat(policy.busyOnItsOwn(GovernorState.SLOWED, floor, CEILING, new Sample(1_800, -1)))
        .isFalse();
    assertThat(policy.busyOnItsOwn(GovernorState.SLOWED, floor, CEILING, new Sample(150_000, -1)))
        .isFalse();
    // An absolute threshold is the user's own number: it is never measured again.
    assertThat(LATENCY_250MS.busyOnItsOwn(GovernorState.SLOWED, floor, CEILING, ms(300))).isFalse();
  }

  @Test
  void shouldMeasureARelativeThresholdAgainFromTheLatencyAtTheFloor() {
    GovernorSettings onePointThree =
        GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(1.3));
    GovernorPolicy policy = GovernorPolicy.relative(onePointThree, 1_460, 500);

    GovernorPolicy rebased = policy.rebased(2_300, 500);

    assertThat(policy.latencyThresholdMicros()).isEqualTo(1_898);
    assertThat(rebased.latencyThresholdMicros()).isEqualTo(2_990);
    assertThat(rebased.latencyRecoveredMicros()).isEqualTo((2_300 + 2_990) / 2);
    assertThat(rebased.thresholdText()).isEqualTo("1.3x = 2.99 ms");
    // The latency that was over is within the new threshold: the run speeds up again.
    assertThat(
            rebased
                .decide(
                    GovernorState.SLOWED,
                    GovernorPolicy.floor(CEILING),
                    CEILING,
                    new Sample(2_300, -1))
                .action())
        .isEqualTo(Action.SPEED_UP);
    assertThat(LATENCY_250MS.rebased(2_300, 500)).isSameAs(LATENCY_250MS);
  }
}
