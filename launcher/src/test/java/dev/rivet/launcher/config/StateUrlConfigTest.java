package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.state.StateLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

/** The {@code state} key and RIVET_STATE_URL naming a PostgreSQL state store. */
class StateUrlConfigTest {
  private static final String SOURCE = "source: {url: \"postgresql://app@db/shop\"}\n";
  private static final String EXPORTS = "exports: [{name: t, table: t, destination: out}]\n";

  @TempDir Path dir;

  private String stateUrl(String stateLine, Map<String, String> env) {
    return ConfigLoader.load(
            ConfigFiles.write(dir, "rivet.yaml", SOURCE + stateLine + EXPORTS), env)
        .stateUrl();
  }

  @Test
  void shouldKeepAPostgresJdbcUrlAsWritten() {
    assertThat(stateUrl("state: jdbc:postgresql://db:5432/etl?user=rivet\n", Map.of()))
        .isEqualTo("jdbc:postgresql://db:5432/etl?user=rivet");
  }

  @Test
  void shouldTurnThePostgresShorthandIntoAJdbcUrlWithUserAndPasswordParameters() {
    String url =
        stateUrl("state: postgresql://rivet:p%40ss@db:5433/etl?sslmode=require\n", Map.of());

    assertThat(url)
        .isEqualTo("jdbc:postgresql://db:5433/etl?sslmode=require&user=rivet&password=p%40ss");
    assertThat(new StateLocation(url).redacted()).doesNotContain("p%40ss").contains("password=***");
  }

  @Test
  void shouldTakeThePasswordFromRivetStatePasswordSoThatTheDriverReadsItBack() {
    String secret = "s3cret&more +=/";

    String url =
        stateUrl(
            "",
            Map.of("RIVET_STATE_URL", "postgres://rivet@db/etl", "RIVET_STATE_PASSWORD", secret));

    Properties parsed = Driver.parseURL(url, new Properties());
    assertThat(parsed.getProperty("password")).isEqualTo(secret);
    assertThat(parsed.getProperty("user")).isEqualTo("rivet");
    assertThat(parsed.getProperty("PGDBNAME")).isEqualTo("etl");
    assertThat(new StateLocation(url).redacted()).doesNotContain("s3cret");
  }

  @Test
  void shouldPreferAPasswordWrittenInTheUrlOverRivetStatePassword() {
    Map<String, String> env = Map.of("RIVET_STATE_PASSWORD", "from-env");

    assertThat(stateUrl("state: jdbc:postgresql://db/etl?user=r&password=inline\n", env))
        .isEqualTo("jdbc:postgresql://db/etl?user=r&password=inline");
    assertThat(stateUrl("state: postgresql://r:inline@db/etl\n", env))
        .isEqualTo("jdbc:postgresql://db/etl?user=r&password=inline");
  }

  @Test
  void shouldIgnoreRivetStatePasswordForASqliteFile() {
    assertThat(stateUrl("state: s.db\n", Map.of("RIVET_STATE_PASSWORD", "x")))
        .isEqualTo("jdbc:sqlite:" + dir.resolve("s.db"));
  }

  @Test
  void shouldNameTheEnvironmentVariableAndHideThePasswordOfAnUnsupportedUrl() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> stateUrl("", Map.of("RIVET_STATE_URL", "mysql://rivet:hunter2@db/state")));

    assertThat(e.getMessage())
        .startsWith("environment variable RIVET_STATE_URL: 'mysql://rivet:***@db/state'")
        .contains("a PostgreSQL database")
        .doesNotContain("hunter2");
    assertThat(e.hint()).contains("postgresql://rivet@db:5432/rivet");
  }

  @Test
  void shouldRejectABadPortInTheStateKeyAtLoadNamingTheKey() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> stateUrl("state: jdbc:postgresql://db:54x2/etl?password=hunter22\n", Map.of()));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:2:8: state: port '54x2' of host db is invalid (expected a whole number"
                + " from 1 to 65535) in 'jdbc:postgresql://db:54x2/etl?password=***'");
    assertThat(e.hint()).contains("for the default 5432");
  }

  @Test
  void shouldRejectABadPortInRivetStateUrlNamingTheVariable() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                stateUrl(
                    "", Map.of("RIVET_STATE_URL", "postgresql://rivet:hunter22@db:70000/state")));

    assertThat(e.getMessage())
        .isEqualTo(
            "environment variable RIVET_STATE_URL: port '70000' of host db is invalid (expected a"
                + " whole number from 1 to 65535) in 'postgresql://rivet:***@db:70000/state'");
    assertThat(e.hint()).startsWith("write the port as a whole number from 1 to 65535");
  }
}
