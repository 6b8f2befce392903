package dev.rivet.kernel.codec;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyTuplePropertiesTest;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.testing.Gen;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A keyset plan survives its storage exactly, whatever texts its bounds hold. */
class KeysetPlanCodecTest {
  private static final Gen<String> TEXT = KeyTuplePropertiesTest.TEXT;

  @Test
  void shouldRoundTripAKeysetPlanThroughThePlanCodec() {
    ExportPlan template = TestPlans.keyset("run-k");
    forAll(
        500,
        Gen.lists(Gen.lists(TEXT, 3, 3), 2, 2),
        bounds -> {
          String lower = new KeyTuple(bounds.get(0)).encode();
          String upper = new KeyTuple(bounds.get(1)).encode();
          ExportPlan plan =
              new ExportPlan(
                  template.runId(),
                  template.export(),
                  template.source(),
                  template.columns(),
                  template.strategy(),
                  template.splitKey(),
                  List.of(
                      new Chunk(0, null, lower),
                      new Chunk(1, lower, upper),
                      new Chunk(2, upper, null)),
                  template.estimatedRows(),
                  template.createdAt(),
                  template.notes());
          assertThat(PlanCodec.read("run-k", PlanCodec.write(plan))).isEqualTo(plan);
        });
  }

  @Test
  void shouldRoundTripTheFixturePlanWithItsKeysetKey() {
    ExportPlan plan = TestPlans.keyset("run-k");

    ExportPlan read = PlanCodec.read("run-k", PlanCodec.write(plan));

    assertThat(read).isEqualTo(plan);
    assertThat(read.splitKey().isKeyset()).isTrue();
    assertThat(read.splitKey().describe()).isEqualTo("(tenant, name, opened)");
  }

  @Test
  void shouldWriteSingleColumnKeysAsBeforeKeysetKeysExisted() {
    String json = PlanCodec.write(TestPlans.keyRange("run-1", 2));

    assertThat(json)
        .contains("\"splitKey\":{\"column\":\"id\",\"type\":\"INTEGER\",\"fallback\":[]}");
  }
}
