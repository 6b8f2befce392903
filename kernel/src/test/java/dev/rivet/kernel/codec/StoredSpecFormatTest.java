package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.TestPlans;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec's settings are grouped in memory but stored flat: a plan with every setting away from
 * its default writes exactly the JSON the flat spec wrote (plan-every-setting.json was written by
 * the build before the grouping), and reads back equal.
 */
class StoredSpecFormatTest {
  @Test
  void shouldWriteEverySettingExactlyAsTheFlatSpecDid() throws IOException {
    ExportPlan base = TestPlans.keyRange("r7", 3);
    ExportSpec every =
        base.export()
            .withRotation(new FileRotation(5L << 20, 1000))
            .withRetry(new RetrySettings(3, 10, 100))
            .withPause(250)
            .withSchemaDrift(SchemaDriftPolicy.CONTINUE)
            .withShapeDrift(new ShapeDriftSettings(3.5, 0.05))
            .withQuality(
                new QualityContract(
                    1L,
                    10_000L,
                    0.5,
                    Map.of("note", 0.05),
                    List.of(List.of("id")),
                    Map.of("status", List.of("new", "paid")),
                    OnQualityFailure.WARN))
            .withMetaColumns(new MetaColumns(true, true, true, List.of("id")))
            .withMemory(new MemorySettings(16, 1L << 20))
            .withReadProtocol(ReadProtocol.JDBC)
            .withConsistency(Consistency.SNAPSHOT)
            .withArrayLowerBound(ArrayBoundPolicy.DROP)
            .withGovernor(new GovernorSettings(0, 1000, 50, 60, true))
            .withColumnOverrides(
                new ColumnOverrides(
                    List.of(ColumnOverride.parse("total", "decimal(14,2)")), true, "x"));
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            every,
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes(),
            base.cursor(),
            base.averageRowBytes());
    String stored = resource("plan-every-setting.json").strip();

    assertThat(PlanCodec.write(plan)).isEqualTo(stored);
    assertThat(PlanCodec.read("r7", stored)).isEqualTo(plan);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = StoredSpecFormatTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
