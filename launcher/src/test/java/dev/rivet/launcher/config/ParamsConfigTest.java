package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.QueryText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --param} values in {@code ${name}}: before the environment, in values and query files. */
class ParamsConfigTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      source:
        url: postgresql://app@db:5432/shop
      exports:
        - name: orders_${region}
          query: SELECT * FROM orders WHERE day >= '${start}'
          destination: ./out
      """;

  @Test
  void shouldFillValuesFromParamsBeforeTheEnvironment() {
    Path file = ConfigFiles.write(dir, "rivet.yaml", CONFIG);

    RivetConfig config =
        ConfigLoader.load(
            file, Map.of("region", "from-env", "start", "2026-01-01"), Map.of("region", "eu"));

    assertThat(config.exportNames()).containsExactly("orders_eu");
    assertThat(config.export("orders_eu").relation())
        .isEqualTo(new QueryText("SELECT * FROM orders WHERE day >= '2026-01-01'"));
  }

  @Test
  void shouldFillQueryFiles() throws Exception {
    Files.writeString(dir.resolve("q.sql"), "SELECT * FROM orders WHERE day >= '${start}'");
    Path file =
        ConfigFiles.write(
            dir,
            "rivet.yaml",
            """
            source:
              url: postgresql://app@db:5432/shop
            exports:
              - name: orders
                query_file: q.sql
                destination: ./out
            """);

    RivetConfig config = ConfigLoader.load(file, Map.of(), Map.of("start", "2026-02-01"));

    assertThat(config.export("orders").relation())
        .isEqualTo(new QueryText("SELECT * FROM orders WHERE day >= '2026-02-01'"));
  }

  @Test
  void shouldRefuseAParamThatNothingUses() {
    Path file = ConfigFiles.write(dir, "rivet.yaml", CONFIG);

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    file, Map.of(), Map.of("region", "eu", "start", "x", "strat", "typo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("--param strat is not used: the file has no ${strat}");
  }

  @Test
  void shouldNameTheMissingParamAndHowToPassIt() {
    Path file = ConfigFiles.write(dir, "rivet.yaml", CONFIG);

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of("region", "eu")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].query")
        .hasMessageContaining("'start' is not a --param, environment variable 'start' is not set")
        .satisfies(
            e -> assertThat(((ConfigException) e).hint()).contains("pass --param start=VALUE"));
  }
}
