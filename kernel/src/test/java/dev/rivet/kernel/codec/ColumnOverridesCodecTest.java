package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.TestPlans;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored plan keeps its export's column overrides (a resumed run must cast as the first attempt
 * did), and a plan without overrides is written as before they existed.
 */
class ColumnOverridesCodecTest {
  @Test
  void shouldKeepColumnOverridesAndLeaveNoneOut() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ColumnOverrides overrides =
        new ColumnOverrides(
            List.of(
                ColumnOverride.parse("total", "decimal(14,2)"),
                ColumnOverride.parse("placed_at", "timestamp")),
            true,
            "rivet.yaml: exports[0].columns");
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export().withColumnOverrides(overrides),
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    String json = PlanCodec.write(plan);

    assertThat(json).contains("\"columnOverrides\"").contains("\"DECIMAL\"");
    assertThat(PlanCodec.read("run-1", json)).isEqualTo(plan);
    assertThat(PlanCodec.write(base)).doesNotContain("columnOverrides");
    assertThat(PlanCodec.read("run-1", PlanCodec.write(base)).export().columnOverrides())
        .isEqualTo(ColumnOverrides.NONE);
  }
}
