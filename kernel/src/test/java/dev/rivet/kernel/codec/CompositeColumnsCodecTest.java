package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TestPlans;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Composite attributes travel with the plan; columns without them are stored as before. */
class CompositeColumnsCodecTest {
  @Test
  void shouldRoundTripNestedCompositeAttributes() {
    ExportPlan base = TestPlans.keyRange("run-c", 2);
    SourceColumn inner =
        new SourceColumn("inner", Types.STRUCT, "pt", 0, 0, true)
            .withAttributes(List.of(new SourceColumn("x", Types.OTHER, "float8", 0, 0, true)));
    SourceColumn home =
        new SourceColumn("home", Types.STRUCT, "addr", 0, 0, true)
            .withAttributes(
                List.of(new SourceColumn("price", Types.OTHER, "numeric", 10, 2, true), inner));
    List<SourceColumn> columns = new java.util.ArrayList<>(base.columns());
    columns.add(home);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export(),
            base.source(),
            columns,
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    String json = PlanCodec.write(plan);

    assertThat(PlanCodec.read("run-c", json)).isEqualTo(plan);
    assertThat(PlanCodec.write(base)).doesNotContain("attributes");
    assertThat(SourceColumn.attributePaths(columns))
        .containsExactly(
            List.of("home", "price"), List.of("home", "inner"), List.of("home", "inner", "x"));
  }
}
