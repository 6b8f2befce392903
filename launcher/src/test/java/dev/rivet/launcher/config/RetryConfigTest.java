package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.RetrySettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retries}: attempts and backoffs per export or in defaults, and their errors. */
class RetryConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), Map.of());
  }

  /** One export named {@code e} with {@code keys} (one per line, at line 5 on). */
  private static String export(String keys) {
    return SOURCE
        + "exports:\n  - name: e\n    table: orders\n"
        + keys
        + "    destination: ./out\n";
  }

  @Test
  void shouldUseTheBuiltInRetriesWhenNoneAreConfigured() {
    assertThat(load(export("")).export("e").retry()).isEqualTo(RetrySettings.DEFAULT);
  }

  @Test
  void shouldReadAttemptsAndDurationsInEachUnit() {
    RetrySettings retry =
        load(export("    retries: {attempts: 5, backoff: 2s, max_backoff: 1m}\n"))
            .export("e")
            .retry();

    assertThat(retry).isEqualTo(new RetrySettings(5, 2_000, 60_000));
    assertThat(
            load(export("    retries:\n      backoff: 500ms\n      max_backoff: 1h\n"))
                .export("e")
                .retry())
        .isEqualTo(new RetrySettings(3, 500, 3_600_000));
  }

  @Test
  void shouldTakeEachUnsetRetryKeyFromDefaults() {
    String yaml =
        SOURCE
            + "defaults:\n"
            + "  retries: {attempts: 1, max_backoff: 10s}\n"
            + "exports:\n"
            + "  - name: a\n    table: a\n    destination: ./out\n"
            + "  - name: b\n    table: b\n    destination: ./out\n"
            + "    retries: {backoff: 0, attempts: 7}\n";

    RivetConfig config = load(yaml);

    assertThat(config.export("a").retry()).isEqualTo(new RetrySettings(1, 1_000, 10_000));
    assertThat(config.export("b").retry()).isEqualTo(new RetrySettings(7, 0, 10_000));
  }

  @Test
  void shouldSuggestTheRightRetryKeyForATypo() {
    ConfigException e = loadError(dir, export("    retries: {attempts: 2, backof: 1s}\n"));

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].retries.backof: unknown key; did you mean 'backoff'? (valid keys:"
                + " attempts, backoff, max_backoff)");
  }

  @Test
  void shouldRejectAttemptsOutsideOneToAHundred() {
    ConfigException zero = loadError(dir, export("    retries: {attempts: 0}\n"));
    ConfigException many = loadError(dir, export("    retries: {attempts: 1000}\n"));

    assertThat(zero.getMessage())
        .endsWith(
            "exports[0].retries.attempts: 0 is out of range (expected a whole number from 1 to"
                + " 100)");
    assertThat(many.getMessage()).contains("1000 is out of range");
  }

  @Test
  void shouldRejectADurationWithoutAUnitOrWithAnUnknownOne() {
    ConfigException bare = loadError(dir, export("    retries: {backoff: 2}\n"));
    ConfigException unknown = loadError(dir, export("    retries: {backoff: 2sec}\n"));
    ConfigException fraction = loadError(dir, export("    retries: {backoff: 1.5s}\n"));

    assertThat(bare.getMessage())
        .endsWith(
            "exports[0].retries.backoff: '2' has no unit (valid units: ms, s, m, h, e.g. 2s)");
    assertThat(bare.hint()).isEqualTo("write a duration such as 500ms, 2s or 1m");
    assertThat(unknown.getMessage())
        .contains("'2sec' has an unknown unit 'sec'")
        .contains("(valid units: ms, s, m, h)");
    assertThat(fraction.getMessage()).contains("'1.5s' is not a duration");
  }

  @Test
  void shouldSuggestMinutesNotMillisecondsForMin() {
    ConfigException e = loadError(dir, export("    retries: {backoff: 5min}\n"));

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].retries.backoff: '5min' has an unknown unit 'min'; did you mean '5m'?"
                + " (valid units: ms, s, m, h)")
        .doesNotContain("'ms'");
  }

  @Test
  void shouldRejectABackoffAboveAnHour() {
    ConfigException e = loadError(dir, export("    retries: {max_backoff: 2h}\n"));

    assertThat(e.getMessage())
        .endsWith("exports[0].retries.max_backoff: 2h is out of range (expected 0 to 1h)");
  }

  @Test
  void shouldRejectAMaxBackoffBelowTheBackoffAtOneLevel() {
    ConfigException e = loadError(dir, export("    retries: {backoff: 10s, max_backoff: 2s}\n"));

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].retries.max_backoff: 2s is below backoff 10s (the first wait cannot"
                + " exceed the longest)");
    assertThat(e.hint()).isEqualTo("set max_backoff to at least 10s");
  }

  @Test
  void shouldRejectABackoffAboveTheDefaultMaxBackoffNamingIt() {
    ConfigException e = loadError(dir, export("    retries: {backoff: 1m}\n"));

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].retries.max_backoff: the default 30s is below backoff 1m (the first wait"
                + " cannot exceed the longest)");
    assertThat(e.hint()).isEqualTo("set max_backoff to at least 1m");
  }

  @Test
  void shouldPointAtTheLevelThatSetEachRetryValueWhenTheyClash() {
    ConfigException e =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n"
                + "defaults:\n  destination: ./out\n  retries: {max_backoff: 2s}\n"
                + "exports:\n  - name: e\n    table: t\n    retries: {backoff: 10s}\n");

    assertThat(e.getMessage())
        .endsWith(
            "defaults.retries.max_backoff: 2s is below backoff 10s (the first wait cannot"
                + " exceed the longest)");
  }

  @Test
  void shouldRejectRetriesThatAreNotAMapping() {
    ConfigException e = loadError(dir, export("    retries: 5\n"));

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].retries: expected a mapping with keys attempts, backoff, max_backoff, got"
                + " '5'");
  }
}
