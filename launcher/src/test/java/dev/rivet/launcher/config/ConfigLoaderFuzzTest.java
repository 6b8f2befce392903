package dev.rivet.launcher.config;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.testing.Gen;
import dev.rivet.launcher.command.RivetCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the config loader with generated YAML ({@link YamlDocs}): loading either gives a config or
 * a {@link ConfigException} with a message and a hint; any other exception or error is a bug. The
 * default run is bounded by its tries (a few seconds); the "slow" one tries many more.
 */
class ConfigLoaderFuzzTest {
  @TempDir Path dir;

  @Test
  void shouldLoadAnyDocumentOrRejectItAsAConfigError() {
    fuzz(2_000);
  }

  @Test
  @Tag("slow")
  void shouldLoadAnyDocumentOrRejectItAsAConfigErrorOverManyMoreDocuments() {
    fuzz(50_000);
  }

  @Test
  void shouldExitWithTheConfigErrorCodeAndNoStackTraceForRejectedDocuments() {
    Gen<byte[]> rejected = YamlDocs.documents().filter(bytes -> loadError(bytes, null) != null);
    forAll(
        40,
        rejected,
        bytes -> {
          Path file = write(bytes);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int code;
          try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
              PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = RivetCommand.execute(new String[] {"run", "-c", file.toString()}, o, e);
          }
          String stderr = err.toString(StandardCharsets.UTF_8);

          assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(2);
          assertThat(stderr)
              .startsWith("rivet: error: ")
              .contains("  hint: ")
              .doesNotContain("\tat ");
        });
  }

  /** Environments the config may read: none, or variables a config may name or override. */
  private static final Gen<Map<String, String>> ENVIRONMENTS =
      Gen.of(
          Map.of(),
          Map.of("HOME", "/home/rivet", "X", "${Y}", "EMPTY", ""),
          Map.of("RIVET_STATE_URL", "mysql://x/y"),
          Map.of("RIVET_STATE_URL", "postgresql://rivet@db/state", "RIVET_STATE_PASSWORD", "p w"),
          Map.of("RIVET_STATE_URL", " ", "X", "\u0000"));

  record Input(byte[] bytes, Map<String, String> env) {
    @Override
    public String toString() {
      return "env " + env + ", file:\n" + new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private void fuzz(int tries) {
    Gen<byte[]> documents = YamlDocs.documents();
    forAll(
        tries,
        random -> new Input(documents.next(random), ENVIRONMENTS.next(random)),
        input -> {
          ConfigException e = loadError(input.bytes(), input.env());
          if (e != null) {
            assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.hint()).isNotBlank();
          }
        });
  }

  /**
   * The error loading {@code bytes} as a config file gives, or null when it loads; any exception
   * but a {@link ConfigException} escapes. A null {@code env} is the process environment.
   */
  private ConfigException loadError(byte[] bytes, Map<String, String> env) {
    Path file = write(bytes);
    try {
      if (env == null) {
        ConfigLoader.load(file);
      } else {
        ConfigLoader.load(file, env);
      }
      return null;
    } catch (ConfigException e) {
      return e;
    }
  }

  private Path write(byte[] bytes) {
    try {
      return Files.write(dir.resolve("rivet.yaml"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
