package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that {@link ConfigLoaderFuzzTest} found to escape the loader as something other than a
 * {@link ConfigException}; each is now a config error pointing at its value.
 */
class FuzzFindingsTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  @Test
  void shouldRejectAPathWithANulCharacterAsAConfigError() {
    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - {name: a, table: a, destination: \"out\\0x\"}\n");

    assertThat(e.getMessage())
        .contains("exports[0].destination")
        .contains("is not a valid file path");
  }
}
