package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.TestPlans;
import org.junit.jupiter.api.Test;

/** Config changes are named by setting, inside the spec's groups too. */
class ConfigChangesTest {
  private final ExportSpec spec = TestPlans.keyRange("run-1", 2).export();

  @Test
  void shouldFindNoChangeBetweenEqualSpecs() {
    assertThat(
            ConfigChanges.between(
                spec, spec.withPause(0).withPause(spec.pauseBetweenChunksMillis())))
        .isEmpty();
  }

  @Test
  void shouldNameEachChangedSettingOfEveryGroup() {
    ExportSpec changed =
        spec.withPause(spec.pauseBetweenChunksMillis() + 5000)
            .withSchemaDrift(
                spec.onSchemaDrift() == SchemaDriftPolicy.FAIL
                    ? SchemaDriftPolicy.WARN
                    : SchemaDriftPolicy.FAIL);

    assertThat(ConfigChanges.between(spec, changed))
        .containsExactly(
            "pauseBetweenChunksMillis: "
                + spec.pauseBetweenChunksMillis()
                + " -> "
                + (spec.pauseBetweenChunksMillis() + 5000),
            "onSchemaDrift: " + spec.onSchemaDrift() + " -> " + changed.onSchemaDrift());
  }
}
