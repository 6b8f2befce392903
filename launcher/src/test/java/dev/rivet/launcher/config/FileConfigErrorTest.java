package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in the file as a whole (missing, empty, not YAML, unknown variables), and their
 * messages.
 */
class FileConfigErrorTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  @Test
  void shouldRejectUnknownTopLevelKeyWithSuggestion() {
    ConfigException e = loadError(dir, SOURCE + "exprts:\n  - name: a\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:3:1: exprts: unknown key; did you mean 'exports'?");
  }

  @Test
  void shouldRejectUndefinedVariableNamingItAndTheLine() {
    ConfigException e =
        loadError(
            dir,
            """
            source:
              url: postgresql://${PGUSER}@db/shop
            exports: [{name: a, table: a, destination: o}]
            """);

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:2:8: source.url: 'PGUSER' is not a --param, environment variable 'PGUSER'"
                + " is not set, and ${PGUSER} has no default");
  }

  @Test
  void shouldRejectEmptyFile() {
    ConfigException e = loadError(dir, "# nothing here yet\n");

    assertThat(e.getMessage()).endsWith("rivet.yaml: the file is empty");
  }

  @Test
  void shouldReportYamlSyntaxErrorWithPositionAndNoStackTrace() {
    ConfigException e =
        loadError(
            dir, "source:\n  url: postgresql://app@db/shop\nexports:\n  - name: a\n   table: b\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:5:")
        .contains("YAML syntax error: ")
        .doesNotContain("at org.");
  }

  @Test
  void shouldRejectDuplicateKeys() {
    ConfigException e = loadError(dir, SOURCE + "exports: []\nexports: []\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:4:1: exports: duplicate key (first set on line 3)");
  }

  @Test
  void shouldRejectAListAsTheWholeFile() {
    ConfigException e = loadError(dir, "- source\n- exports\n");

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:1:1: expected a mapping with keys source, state, defaults, exports, s3,"
                + " gcs, notifications, metrics_file, got a list");
  }

  @Test
  void shouldReportMissingFileWithAbsolutePath() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.load(Path.of("no-such-rivet.yaml"), Map.of()));

    assertThat(e.getMessage())
        .isEqualTo("config file not found: " + Path.of("no-such-rivet.yaml").toAbsolutePath());
    assertThat(e.hint()).isNotBlank();
  }

  @Test
  void shouldSuggestExportNameWhenLookingUpAnUnknownOne() {
    RivetConfig config =
        ConfigLoader.load(
            ConfigFiles.write(
                dir,
                "rivet.yaml",
                SOURCE
                    + "exports:\n"
                    + "  - {name: orders, table: a, destination: o}\n"
                    + "  - {name: items, table: b, destination: o}\n"),
            Map.of());

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.export("ordrs"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml: no export named 'ordrs'; did you mean 'orders'? (exports: orders, items)");
  }
}
