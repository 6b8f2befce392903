package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.TestPlans;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan keeps its export's quality contract; plans without one store no quality field. */
class QualityPlanCodecTest {
  private static ExportPlan withContract(ExportPlan p, QualityContract contract) {
    return new ExportPlan(
        p.runId(),
        p.export().withQuality(contract),
        p.source(),
        p.columns(),
        p.strategy(),
        p.splitKey(),
        p.chunks(),
        p.parallelism(),
        p.estimatedRows(),
        p.createdAt(),
        p.notes(),
        p.cursor());
  }

  @Test
  void shouldRoundTripAPlanWithEveryCheckOfAContract() {
    QualityContract contract =
        new QualityContract(
            1L,
            10_000L,
            0.5,
            Map.of("note", 0.05),
            List.of(List.of("id"), List.of("a", "b")),
            Map.of("status", List.of("new", "paid")),
            OnQualityFailure.WARN);
    ExportPlan plan = withContract(TestPlans.keyRange("run-1", 3), contract);

    ExportPlan read = PlanCodec.read("run-1", PlanCodec.write(plan));

    assertThat(read).isEqualTo(plan);
    assertThat(read.export().quality()).isEqualTo(contract);
  }

  @Test
  void shouldLeaveTheQualityFieldOutOfAPlanWithoutAContract() throws Exception {
    ExportPlan plan = TestPlans.keyRange("run-1", 3);

    String json = PlanCodec.write(plan);

    assertThat(new ObjectMapper().readTree(json).get("export").has("quality")).isFalse();
    assertThat(PlanCodec.read("run-1", json).export().quality()).isNull();
  }
}
