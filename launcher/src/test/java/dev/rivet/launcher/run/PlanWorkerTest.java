package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanWorkerTest {
  @Test
  void shouldClaimChunksForAMinuteUnlessTheEnvironmentSaysOtherwise() {
    assertThat(PlanWorker.claimTtl(Map.of())).isEqualTo(Duration.ofSeconds(60));
    assertThat(PlanWorker.claimTtl(Map.of(PlanWorker.CLAIM_TTL_ENV, " 5 ")))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldRefuseAClaimTimeThatIsNotWholeSecondsInRange() {
    for (String bad : new String[] {"0", "-3", "1.5", "forever", "86401"}) {
      assertThatThrownBy(() -> PlanWorker.claimTtl(Map.of(PlanWorker.CLAIM_TTL_ENV, bad)))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
          .hasMessageContaining(PlanWorker.CLAIM_TTL_ENV + "='" + bad + "'")
          .hasMessageContaining("1 to 86400");
    }
  }
}
