package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.TestPlans;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaColumnsCodecTest {
  @Test
  void shouldRoundTripMetaColumnsWithTheirHashColumnsInOrder() {
    ExportPlan base = TestPlans.keyRange("run-m", 2);
    MetaColumns meta = new MetaColumns(true, true, true, List.of("total", "id"));
    ExportPlan plan = withMeta(base, meta);

    String json = PlanCodec.write(plan);

    assertThat(json)
        .contains(
            "\"metaColumns\":{\"exportedAt\":true,\"runId\":true,\"rowHash\":true,"
                + "\"rowHashColumns\":[\"total\",\"id\"]}");
    assertThat(PlanCodec.read("run-m", json)).isEqualTo(plan);
    assertThat(PlanCodec.read("run-m", json).export().metaColumns()).isEqualTo(meta);
  }

  @Test
  void shouldLeaveNoMetaColumnsOutSoPlansWithoutThemReadAndWriteAsBefore() {
    ExportPlan plan = TestPlans.keyRange("run-n", 2);

    String json = PlanCodec.write(plan);

    assertThat(json).doesNotContain("metaColumns");
    assertThat(PlanCodec.read("run-n", json).export().metaColumns()).isEqualTo(MetaColumns.NONE);
  }

  @Test
  void shouldReadAnExplicitNullAsNoMetaColumns() {
    String json =
        PlanCodec.write(TestPlans.keyRange("run-z", 1))
            .replace(
                "\"pauseBetweenChunksMillis\":0",
                "\"pauseBetweenChunksMillis\":0,\"metaColumns\":null");
    assertThat(json).contains("\"metaColumns\":null");

    assertThat(PlanCodec.read("run-z", json).export().metaColumns()).isEqualTo(MetaColumns.NONE);
  }

  private static ExportPlan withMeta(ExportPlan base, MetaColumns meta) {
    return new ExportPlan(
        base.runId(),
        base.export().withMetaColumns(meta),
        base.source(),
        base.columns(),
        base.strategy(),
        base.splitKey(),
        base.chunks(),
        base.parallelism(),
        base.estimatedRows(),
        base.createdAt(),
        base.notes(),
        base.cursor());
  }
}
