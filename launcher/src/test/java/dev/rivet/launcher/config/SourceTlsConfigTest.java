package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceDriver;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source.tls} and {@code source.driver} as the config reads them. */
class SourceTlsConfigTest {
  @TempDir Path dir;

  private Path config;

  private SourceConnection source(String sourceYaml) {
    config =
        ConfigFiles.write(
            dir,
            "rivet.yaml",
            "source: " + sourceYaml + "\nexports: [{name: t, table: t, destination: out}]\n");
    return ConfigLoader.load(config, Map.of()).source();
  }

  @Test
  void shouldReadTheSectionWithFilesRelativeToTheConfig() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "ca");
    Files.writeString(dir.resolve("c.pem"), "cert");
    Files.writeString(dir.resolve("k.pem"), "key");

    SourceConnection source =
        source(
            "{url: 'postgresql://app@db/shop', tls: {mode: verify-full, ca_file: ca.pem,"
                + " client_cert_file: c.pem, client_key_file: k.pem}}");

    assertThat(source.tls())
        .isEqualTo(
            new SourceTls(
                TlsMode.VERIFY_FULL,
                dir.resolve("ca.pem").toString(),
                dir.resolve("c.pem").toString(),
                dir.resolve("k.pem").toString(),
                config.toString()));
  }

  @Test
  void shouldHaveNoTlsSectionWhenNoneIsWritten() {
    assertThat(source("{url: 'mysql://app@db/shop'}").tls()).isEqualTo(SourceTls.NONE);
  }

  @Test
  void shouldRefuseTlsInBothTheSectionAndTheUrlNamingBoth() {
    assertThatThrownBy(
            () -> source("{url: 'postgresql://app@db/shop?sslmode=require', tls: {mode: disable}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.tls")
        .hasMessageContaining("cannot be combined with sslmode in source.url")
        .extracting(e -> ((ConfigException) e).hint())
        .asString()
        .isEqualTo("keep source.tls and remove sslmode from source.url");
    assertThatThrownBy(
            () ->
                source(
                    "{url: 'mysql://app@db/shop?useSSL=true&serverSslCert=/x',"
                        + " tls: {mode: verify-ca}}"))
        .hasMessageContaining("cannot be combined with useSsl, serverSslCert in source.url");
  }

  @Test
  void shouldListTheModesForAnUnknownOne() {
    assertThatThrownBy(() -> source("{url: 'postgresql://app@db/shop', tls: {mode: prefer}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.tls.mode")
        .hasMessageContaining("disable, require, verify-ca, verify-full");
  }

  @Test
  void shouldAskForTheModeAndForBothHalvesOfAClientCertificate() throws Exception {
    Files.writeString(dir.resolve("c.pem"), "cert");
    assertThatThrownBy(() -> source("{url: 'postgresql://app@db/shop', tls: {ca_file: x}}"))
        .hasMessageContaining("source.tls")
        .hasMessageContaining("needs mode");
    assertThatThrownBy(
            () ->
                source(
                    "{url: 'postgresql://app@db/shop', tls: {mode: require,"
                        + " client_cert_file: c.pem}}"))
        .hasMessageContaining("needs client_key_file as well");
  }

  @Test
  void shouldNameAMissingCaFile() {
    assertThatThrownBy(
            () ->
                source(
                    "{url: 'postgresql://app@db/shop', tls: {mode: verify-ca, ca_file: no.pem}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.tls.ca_file")
        .hasMessageContaining("no.pem does not exist");
  }

  @Test
  void shouldRefuseFilesThatModeDisableWouldIgnore() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "ca");
    assertThatThrownBy(
            () ->
                source("{url: 'postgresql://app@db/shop', tls: {mode: disable, ca_file: ca.pem}}"))
        .hasMessageContaining("source.tls.mode")
        .hasMessageContaining("is disable, so the files of source.tls would not be used");
  }

  @Test
  void shouldRefuseACaFileThatModeRequireWouldNotCheck() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "ca");
    assertThatThrownBy(
            () -> source("{url: 'mysql://app@db/shop', tls: {mode: require, ca_file: ca.pem}}"))
        .hasMessageContaining("source.tls.ca_file")
        .hasMessageContaining("is not used by mode require");
  }

  @Test
  void shouldReadTheDriverWithItsJarRelativeToTheConfig() throws Exception {
    Files.writeString(dir.resolve("d.jar"), "jar");

    SourceConnection source =
        source(
            "{url: 'jdbc:mysql://db/shop', driver: {class: com.mysql.cj.jdbc.Driver, jar: d.jar}}");

    assertThat(source.driver())
        .isEqualTo(new SourceDriver("com.mysql.cj.jdbc.Driver", dir.resolve("d.jar").toString()));
  }

  @Test
  void shouldNameAMissingDriverJarAndAMissingClass() {
    assertThatThrownBy(
            () -> source("{url: 'jdbc:mysql://db/shop', driver: {class: X, jar: none.jar}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.driver.jar")
        .hasMessageContaining("none.jar does not exist");
    assertThatThrownBy(() -> source("{url: 'jdbc:mysql://db/shop', driver: {jar: none.jar}}"))
        .hasMessageContaining("source.driver")
        .hasMessageContaining("needs class");
  }
}
