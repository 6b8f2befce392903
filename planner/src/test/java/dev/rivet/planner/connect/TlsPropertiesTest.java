package dev.rivet.planner.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import dev.rivet.planner.dialect.Dialect;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code source.tls} in each driver's words: the same section, the same meaning. */
class TlsPropertiesTest {
  private static final ClientKeyStoreFile KEYS = new ClientKeyStoreFile(Path.of("/t/k.p12"), "pw");

  @Test
  void shouldSetNothingWithoutTheSection() {
    assertThat(pg(SourceTls.NONE, null)).isEmpty();
    assertThat(my(SourceTls.NONE, null)).isEmpty();
  }

  @Test
  void shouldMapEachModeToPgjdbc() {
    assertThat(pg(tls(TlsMode.DISABLE, null), null)).isEqualTo(Map.of("sslmode", "disable"));
    assertThat(pg(tls(TlsMode.REQUIRE, null), null)).isEqualTo(Map.of("sslmode", "require"));
    assertThat(pg(tls(TlsMode.VERIFY_CA, "/t/ca.pem"), null))
        .isEqualTo(Map.of("sslmode", "verify-ca", "sslrootcert", "/t/ca.pem"));
    assertThat(pg(tls(TlsMode.VERIFY_FULL, null), null))
        .isEqualTo(
            Map.of(
                "sslmode", "verify-full",
                "sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory"));
  }

  @Test
  void shouldMapEachModeToMariaDbConnectorJ() {
    assertThat(my(tls(TlsMode.DISABLE, null), null)).isEqualTo(Map.of("sslMode", "disable"));
    assertThat(my(tls(TlsMode.REQUIRE, null), null)).isEqualTo(Map.of("sslMode", "trust"));
    assertThat(my(tls(TlsMode.VERIFY_CA, "/t/ca.pem"), null))
        .isEqualTo(Map.of("sslMode", "verify-ca", "serverSslCert", "/t/ca.pem"));
    assertThat(my(tls(TlsMode.VERIFY_FULL, null), null))
        .isEqualTo(Map.of("sslMode", "verify-full"));
  }

  @Test
  void shouldHandTheClientKeyStoreToEachDriver() {
    SourceTls tls = new SourceTls(TlsMode.VERIFY_FULL, "/t/ca.pem", "/t/c.pem", "/t/k.pem", "");

    assertThat(pg(tls, KEYS))
        .containsEntry("sslkey", "/t/k.p12")
        .containsEntry("sslpassword", "pw")
        .containsEntry("sslrootcert", "/t/ca.pem");
    assertThat(my(tls, KEYS))
        .containsEntry("keyStore", "/t/k.p12")
        .containsEntry("keyStorePassword", "pw")
        .containsEntry("keyStoreType", "PKCS12");
  }

  @Test
  void shouldAskForACaFileWhenPgjdbcVerifiesAndSendsAClientCertificate() {
    SourceTls tls = new SourceTls(TlsMode.VERIFY_FULL, null, "/t/c.pem", "/t/k.pem", "rivet.yaml");

    assertThatThrownBy(() -> pg(tls, KEYS))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("needs source.tls.ca_file on PostgreSQL");
  }

  private static SourceTls tls(TlsMode mode, String ca) {
    return new SourceTls(mode, ca, null, null, "rivet.yaml");
  }

  private static Properties pg(SourceTls tls, ClientKeyStoreFile keys) {
    return Dialect.of(SourceKind.POSTGRESQL).tlsProperties(tls, keys);
  }

  private static Properties my(SourceTls tls, ClientKeyStoreFile keys) {
    return Dialect.of(SourceKind.MYSQL).tlsProperties(tls, keys);
  }
}
