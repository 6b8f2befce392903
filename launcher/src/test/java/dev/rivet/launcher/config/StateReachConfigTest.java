package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

/**
 * The mapping form of {@code state} ({@code url}, {@code tls}, {@code ssh}) and the URL it gives.
 */
class StateReachConfigTest {
  private static final String SOURCE = "source: {url: \"postgresql://app@db/shop\"}\n";
  private static final String EXPORTS = "exports: [{name: t, table: t, destination: out}]\n";

  @TempDir Path dir;

  private RivetConfig load(String state, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "not read by the loader\n");
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", SOURCE + state + EXPORTS), env);
  }

  @Test
  void shouldReadTheUrlOfTheMappingAsTheStringFormReadsIt() throws Exception {
    RivetConfig config = load("state: {url: \"postgresql://rivet@db:5433/etl\"}\n", Map.of());

    assertThat(config.stateUrl()).isEqualTo("jdbc:postgresql://db:5433/etl?user=rivet");
    assertThat(config.stateReach()).isEqualTo(StateReach.DIRECT);
    assertThat(StateStoreUrl.reachable(config)).isEqualTo(config.stateUrl());
  }

  @Test
  void shouldMapStateTlsToPgjdbcParametersOfTheStateUrl() throws Exception {
    RivetConfig config =
        load(
            "state:\n  url: postgresql://rivet@db/etl\n  tls: {mode: verify-full, ca_file:"
                + " ca.pem}\n",
            Map.of("RIVET_STATE_PASSWORD", "pw&1"));

    assertThat(config.stateReach().tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
    Properties parsed = Driver.parseURL(StateStoreUrl.reachable(config), new Properties());
    assertThat(parsed.getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(parsed.getProperty("sslrootcert")).isEqualTo(dir.resolve("ca.pem").toString());
    assertThat(parsed.getProperty("password")).isEqualTo("pw&1");
    assertThat(parsed.getProperty("PGHOST")).isEqualTo("db");
  }

  @Test
  void shouldApplyTheMappingsTlsToTheUrlOfRivetStateUrl() throws Exception {
    RivetConfig config =
        load(
            "state:\n  url: other.db\n  tls: {mode: require}\n",
            Map.of("RIVET_STATE_URL", "postgresql://rivet@db2/etl"));

    Properties parsed = Driver.parseURL(StateStoreUrl.reachable(config), new Properties());
    assertThat(parsed.getProperty("PGHOST")).isEqualTo("db2");
    assertThat(parsed.getProperty("sslmode")).isEqualTo("require");
  }

  @Test
  void shouldRefuseTlsOrSshForASqliteStateFile() {
    for (String key : new String[] {"tls: {mode: require}", "ssh: {host: bastion, user: u}"}) {
      ConfigException e =
          catchThrowableOfType(
              ConfigException.class, () -> load("state:\n  url: s.db\n  " + key + "\n", Map.of()));

      String name = key.substring(0, 3);
      assertThat(e).as(key).isNotNull();
      assertThat(e.getMessage())
          .contains("rivet.yaml")
          .contains("state." + name)
          .contains("applies to a PostgreSQL state store")
          .contains(dir.resolve("s.db").toString());
      assertThat(e.hint()).contains("remove state." + name);
    }
  }

  @Test
  void shouldNameTheValidKeysOfTheStateMapping() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load("state: {url: \"postgresql://r@db/etl\", tsl: {mode: require}}\n", Map.of()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage() + e.hint()).contains("tsl").contains("tls");
  }

  @Test
  void shouldRefuseTlsBothInTheStateUrlAndInStateTls() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    "state:\n  url: \"jdbc:postgresql://db/etl?sslmode=disable\"\n"
                        + "  tls: {mode: require}\n",
                    Map.of()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("state.tls").contains("sslmode").contains("state.url");
  }

  @Test
  void shouldReadAClientCertificateButNeedTheCaFileWithItInAVerifyingMode() throws Exception {
    Files.writeString(dir.resolve("c.pem"), "x\n");
    Files.writeString(dir.resolve("k.pem"), "x\n");
    String files = "client_cert_file: c.pem, client_key_file: k.pem}\n";
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    "state:\n  url: postgresql://r@db/etl\n  tls: {mode: verify-full, " + files,
                    Map.of()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("state.tls").contains("needs ca_file");
    assertThat(e.hint()).contains("state.tls.ca_file");
    RivetConfig config =
        load(
            "state:\n  url: postgresql://r@db/etl\n  tls: {mode: verify-full, ca_file: ca.pem, "
                + files,
            Map.of());
    assertThat(config.stateReach().tls().clientKeyFile())
        .isEqualTo(dir.resolve("k.pem").toString());
  }

  @Test
  void shouldRefusePlaintextToARemoteStateHostAndSayWhatAllowsIt() throws Exception {
    RivetConfig config = load("state: postgresql://r@192.0.2.10:5432/etl\n", Map.of());

    RivetException e =
        catchThrowableOfType(RivetException.class, () -> StateStoreUrl.reachable(config));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .contains("refusing to connect to 192.0.2.10:5432 without TLS")
        .contains("state.tls is not set in " + dir.resolve("rivet.yaml"))
        .contains("state.url asks for");
    assertThat(e.hint()).contains("write state.tls: {mode: disable}");
  }

  @Test
  void shouldAllowPlaintextToARemoteStateHostWhenModeDisableIsWritten() throws Exception {
    RivetConfig config =
        load("state:\n  url: postgresql://r@192.0.2.10/etl\n  tls: {mode: disable}\n", Map.of());

    assertThat(StateStoreUrl.reachable(config)).endsWith("&sslmode=disable");
  }

  @Test
  void shouldAllowPlaintextToThisMachine() throws Exception {
    RivetConfig config = load("state: postgresql://r@127.0.0.1/etl\n", Map.of());

    assertThat(StateStoreUrl.reachable(config)).isEqualTo(config.stateUrl());
  }

  @Test
  void shouldReadStateSshAndCountItsPasswordAmongTheSecrets() throws Exception {
    RivetConfig config =
        load(
            "state:\n  url: postgresql://r@10.1.2.3/etl\n"
                + "  ssh: {host: bastion, user: deploy, password_env: STATE_SSH_PW}\n",
            Map.of("STATE_SSH_PW", "tunnel-s3cret"));

    assertThat(config.stateReach().ssh()).isNotNull();
    assertThat(config.stateReach().ssh().describe()).contains("bastion").doesNotContain("s3cret");
    assertThat(config.secrets()).contains("tunnel-s3cret");
  }
}
