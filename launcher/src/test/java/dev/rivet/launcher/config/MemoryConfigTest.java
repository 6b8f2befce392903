package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.MemorySettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch_size_memory_mb} and {@code max_value_size}: per export or in defaults, errors. */
class MemoryConfigTest {
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
  void shouldDeriveBothWhenNeitherIsConfigured() {
    assertThat(load(export("")).export("e").memory()).isEqualTo(MemorySettings.DERIVED);
  }

  @Test
  void shouldReadTheBudgetInMebibytesAndTheValueLimitAsASize() {
    MemorySettings memory =
        load(export("    batch_size_memory_mb: 48\n    max_value_size: 64MiB\n"))
            .export("e")
            .memory();

    assertThat(memory).isEqualTo(new MemorySettings(48, 64L << 20));
  }

  @Test
  void shouldTakeEachUnsetMemoryKeyFromDefaults() {
    String yaml =
        SOURCE
            + "defaults:\n"
            + "  batch_size_memory_mb: 16\n"
            + "  max_value_size: 1MiB\n"
            + "exports:\n"
            + "  - name: a\n    table: a\n    destination: ./out\n"
            + "  - name: b\n    table: b\n    destination: ./out\n"
            + "    max_value_size: 2MB\n";

    RivetConfig config = load(yaml);

    assertThat(config.export("a").memory()).isEqualTo(new MemorySettings(16, 1L << 20));
    assertThat(config.export("b").memory()).isEqualTo(new MemorySettings(16, 2_000_000));
  }

  @Test
  void shouldRejectABudgetOutsideItsRangeNamingFileKeyAndValue() {
    ConfigException zero = loadError(dir, export("    batch_size_memory_mb: 0\n"));
    ConfigException huge = loadError(dir, export("    batch_size_memory_mb: 100000\n"));
    ConfigException text = loadError(dir, export("    batch_size_memory_mb: 64MiB\n"));

    assertThat(zero.getMessage())
        .contains("rivet.yaml")
        .endsWith(
            "exports[0].batch_size_memory_mb: 0 is out of range (expected a whole number from 1"
                + " to 65536)");
    assertThat(huge.getMessage()).contains("100000 is out of range");
    assertThat(text.getMessage())
        .contains("exports[0].batch_size_memory_mb: '64MiB' is not an integer");
    assertThat(text.hint()).contains("batch_size_memory_mb: ");
  }

  @Test
  void shouldRejectAValueLimitOutsideItsRangeOrWithoutAUnit() {
    ConfigException small = loadError(dir, export("    max_value_size: 1KiB\n"));
    ConfigException large = loadError(dir, export("    max_value_size: 2GiB\n"));
    ConfigException unit = loadError(dir, export("    max_value_size: 64 lots\n"));

    assertThat(small.getMessage())
        .contains("rivet.yaml")
        .contains("exports[0].max_value_size: '1KiB' is 1024 bytes, out of range (expected 64KiB")
        .contains("1GiB");
    assertThat(small.hint()).contains("use a size from 64KiB to 1GiB");
    assertThat(large.getMessage()).contains("exports[0].max_value_size: '2GiB'");
    assertThat(unit.getMessage()).contains("exports[0].max_value_size: '64 lots'");
  }

  @Test
  void shouldCheckABadValueInDefaultsEvenWhenEveryExportOverridesIt() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "defaults:\n  batch_size_memory_mb: -1\n"
                + "exports:\n  - name: e\n    table: t\n    destination: ./out\n"
                + "    batch_size_memory_mb: 8\n");

    assertThat(e.getMessage())
        .endsWith(
            "defaults.batch_size_memory_mb: -1 is out of range (expected a whole number from 1"
                + " to 65536)");
  }
}
