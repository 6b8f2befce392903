package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ShapeDriftSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shape_drift_warn_factor} and {@code shape_drift_null_ratio_jump}, and their errors. */
class ShapeDriftConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), Map.of());
  }

  private static String export(String keys) {
    return SOURCE
        + "exports:\n  - name: e\n    table: orders\n"
        + keys
        + "    destination: ./out\n";
  }

  @Test
  void shouldUseTheBuiltInSettingsWhenNoneAreConfigured() {
    assertThat(load(export("")).export("e").shapeDrift()).isEqualTo(ShapeDriftSettings.DEFAULT);
  }

  @Test
  void shouldTakeEachUnsetKeyFromDefaults() {
    String yaml =
        SOURCE
            + "defaults:\n"
            + "  shape_drift_warn_factor: 3\n"
            + "  shape_drift_null_ratio_jump: 0.5\n"
            + "exports:\n"
            + "  - name: a\n    table: a\n    destination: ./out\n"
            + "  - name: b\n    table: b\n    destination: ./out\n"
            + "    shape_drift_null_ratio_jump: .05\n";

    RivetConfig config = load(yaml);

    assertThat(config.export("a").shapeDrift()).isEqualTo(new ShapeDriftSettings(3, 0.5));
    assertThat(config.export("b").shapeDrift()).isEqualTo(new ShapeDriftSettings(3, 0.05));
  }

  @Test
  void shouldRefuseAValueThatIsNotADecimalNumber() {
    ConfigException e = loadError(dir, export("    shape_drift_warn_factor: 2x\n"));

    assertThat(e.getMessage())
        .contains("rivet.yaml")
        .endsWith("exports[0].shape_drift_warn_factor: '2x' is not a decimal number");
    assertThat(e.hint())
        .isEqualTo("write a plain number such as 2.0 (a dot before the decimals, no unit)");
  }

  @Test
  void shouldRefuseValuesOutOfRangeAtTheLineThatSetsThem() {
    ConfigException factor = loadError(dir, export("    shape_drift_warn_factor: 1\n"));
    ConfigException jump =
        loadError(
            dir,
            SOURCE
                + "defaults:\n  shape_drift_null_ratio_jump: 1.5\n"
                + "exports:\n  - name: e\n    table: orders\n    destination: ./out\n");

    assertThat(factor.getMessage())
        .endsWith(
            "exports[0].shape_drift_warn_factor: 1.0 is out of range (expected more than 1 and"
                + " at most 1000.0)");
    assertThat(factor.hint()).contains("2.0");
    assertThat(jump.getMessage())
        .contains("rivet.yaml:4:")
        .endsWith(
            "defaults.shape_drift_null_ratio_jump: 1.5 is out of range (expected more than 0 and"
                + " at most 1)");
  }

  @Test
  void shouldSuggestTheKeyWhenMisspelled() {
    ConfigException e = loadError(dir, export("    shape_drift_warn_facter: 2\n"));

    assertThat(e.getMessage()).contains("did you mean 'shape_drift_warn_factor'?");
  }
}
