package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.failure.FailureKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes config files into a test's temporary directory and loads them. */
final class ConfigFiles {
  private ConfigFiles() {}

  static Path write(Path dir, String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code yaml} as {@code rivet.yaml} and returns the error it must cause. */
  static ConfigException loadError(Path dir, String yaml, Map<String, String> env) {
    Path file = write(dir, "rivet.yaml", yaml);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, env));
    assertThat(e).as("loading should fail").isNotNull();
    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .doesNotContain("\n")
        .doesNotContain("Exception")
        .contains("rivet.yaml");
    assertThat(e.hint()).isNotBlank();
    return e;
  }

  static ConfigException loadError(Path dir, String yaml) {
    return loadError(dir, yaml, Map.of());
  }
}
