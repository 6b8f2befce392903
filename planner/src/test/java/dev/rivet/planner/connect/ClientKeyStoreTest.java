package dev.rivet.planner.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates from PEM files, made by the installed openssl. */
class ClientKeyStoreTest {
  @TempDir Path dir;

  @Test
  void shouldWriteAKeyStoreOnlyThisUserCanReadAndDeleteIt() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-subj",
        "/CN=rivet");

    ClientKeyStoreFile file = ClientKeyStore.write(tls("c.pem", "k.pem"));
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
          .isEqualTo("rw-------");
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file.path())) {
        store.load(in, file.password().toCharArray());
      }
      assertThat(store.isKeyEntry("user")).isTrue();
      assertThat(file.toString()).doesNotContain(file.password());
    } finally {
      ClientKeyStore.delete(file);
    }
    assertThat(file.path()).doesNotExist();
  }

  @Test
  void shouldExplainHowToConvertAKeyThatIsNotPkcs8() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-subj",
        "/CN=rivet");
    openssl("rsa", "-in", "k.pem", "-traditional", "-out", "rsa.pem");

    assertThatThrownBy(() -> ClientKeyStore.write(tls("c.pem", "rsa.pem")))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("rivet.yaml: source.tls.client_key_file:")
        .hasMessageContaining("not a PKCS-8 key")
        .hasMessageNotContaining("MII")
        .extracting(e -> ((RivetException) e).hint())
        .asString()
        .startsWith("convert it to an unencrypted PKCS-8 key: openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void shouldRefuseAnEncryptedKey() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-days",
        "1",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-subj",
        "/CN=rivet",
        "-passout",
        "pass:secret-Pw-77");

    assertThatThrownBy(() -> ClientKeyStore.write(tls("c.pem", "k.pem")))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("holds an encrypted key");
  }

  @Test
  void shouldNameAMissingCertificateFile() {
    assertThatThrownBy(() -> ClientKeyStore.write(tls("none.pem", "k.pem")))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("source.tls.client_cert_file: file")
        .hasMessageContaining("none.pem does not exist");
  }

  @Test
  void shouldWriteNothingWithoutAClientCertificate() {
    assertThat(ClientKeyStore.write(SourceTls.NONE)).isNull();
  }

  private SourceTls tls(String cert, String key) {
    return new SourceTls(
        TlsMode.VERIFY_FULL,
        null,
        dir.resolve(cert).toString(),
        dir.resolve(key).toString(),
        "rivet.yaml");
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
