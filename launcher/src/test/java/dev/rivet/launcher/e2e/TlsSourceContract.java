package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
import static dev.rivet.launcher.e2e.DoctorEndToEndTest.statusLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code source.tls} behaviour every database must show against a server of the test's own that
 * accepts TLS connections only, with certificates the test made: each mode, a wrong CA, a host name
 * the certificate does not list, and a client certificate, through {@code rivet run} (output
 * compared with the source) and {@code rivet doctor}. A subclass starts the server and says how it
 * words a refusal.
 */
abstract class TlsSourceContract {
  static final String TABLE = "rivet_tls_items";
  static final int ROWS = 500;

  @TempDir Path dir;

  /** The certificates the server, the client user and the wrong CA were made with. */
  abstract TlsCertificates certs();

  /** The source URL ({@code scheme://user@host:port/database}) of the test's server. */
  abstract String sourceUrl(String user, String host);

  /** A user that logs in with no password and may read the table. */
  abstract String adminUser();

  /** A user the server takes only with a client certificate. */
  abstract String certUser();

  /** The table's rows as {@code id|note}, sorted, read over TLS without Rivet. */
  abstract List<String> sourceRows() throws Exception;

  /** Checks the error of a plaintext login to the server that wants TLS. */
  abstract void assertPlaintextTurnedDown(String err);

  /** Checks the error of a login without the client certificate the user needs. */
  abstract void assertClientCertificateMissing(String err);

  @Test
  void shouldExportThroughVerifyFullAndMatchTheSource() throws Exception {
    Path config = config("localhost", adminUser(), tls("verify-full", certs().ca));

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(exported()).hasSize(ROWS).isEqualTo(sourceRows());
  }

  @Test
  void shouldExportWithRequireAndVerifyCaWithoutCheckingTheHostName() throws Exception {
    // 127.0.0.2 is not in the server certificate; neither mode checks the name.
    for (String mode : List.of("require", "verify-ca")) {
      Path config =
          config(
              "127.0.0.2",
              adminUser(),
              mode.equals("require") ? "  tls:\n    mode: require\n" : tls(mode, certs().ca));

      Cli.Result r = Cli.run("run", "-c", config.toString());

      assertThat(r.exitCode()).as(mode + ": " + r).isZero();
      assertThat(exported()).as(mode).isEqualTo(sourceRows());
      clearOutput();
    }
  }

  @Test
  void shouldBeTurnedDownInModeDisableByAServerThatWantsTls() throws Exception {
    Path config = config("127.0.0.1", adminUser(), "  tls:\n    mode: disable\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertPlaintextTurnedDown(r.err());
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void shouldFailVerifyCaWithAWrongCaAndNameTheKey() throws Exception {
    Path config = config("localhost", adminUser(), tls("verify-ca", certs().wrongCa));

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(statusLines(r))
        .as(r.toString())
        .contains("PASS source tls", "FAIL source credentials");
    assertThat(r.out())
        .contains("the server's certificate was not accepted")
        .contains("source.tls.ca_file")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldFailVerifyFullForAHostNameTheCertificateDoesNotList() throws Exception {
    Path config = config("127.0.0.2", adminUser(), tls("verify-full", certs().ca));

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("127.0.0.2").contains("subjectAltName").doesNotContain("\tat ");
  }

  @Test
  void shouldRequireAndAcceptAClientCertificate() throws Exception {
    Cli.Result without =
        Cli.run(
            "run",
            "-c",
            config("localhost", certUser(), tls("verify-full", certs().ca)).toString());

    assertThat(without.exitCode()).as(without.toString()).isEqualTo(3);
    assertClientCertificateMissing(without.err());
    assertThat(without.err()).doesNotContain("\tat ");

    Cli.Result with =
        Cli.run("run", "-c", config("localhost", certUser(), clientCertTls()).toString());

    assertThat(with.exitCode()).as(with.toString()).isZero();
    assertThat(exported()).isEqualTo(sourceRows());
    // Neither the output nor any file the run wrote (state, manifest, data) holds the key.
    assertNoPrivateKeyIn(with.out() + with.err());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertNoPrivateKeyIn(
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
      }
    }
  }

  /** A {@code tls:} block (two-space indent) with a mode and a CA file. */
  static String tls(String mode, Path ca) {
    return "  tls:\n    mode: " + mode + "\n    ca_file: " + ca + "\n";
  }

  /** A verify-full {@code tls:} block with the test's client certificate and key. */
  String clientCertTls() {
    return tls("verify-full", certs().ca)
        + "    client_cert_file: "
        + certs().clientCert
        + "\n    client_key_file: "
        + certs().clientKey
        + "\n";
  }

  void assertNoPrivateKeyIn(String text) throws Exception {
    assertNoPrivateKeyIn(text, "output");
  }

  private void assertNoPrivateKeyIn(String text, String where) throws Exception {
    String keyLine = Files.readAllLines(certs().clientKey).get(1);
    assertThat(text).as(where).doesNotContain("PRIVATE KEY").doesNotContain(keyLine);
  }

  Path config(String host, String user, String tls) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        "source:\n  url: "
            + sourceUrl(user, host)
            + "\n"
            + tls
            + "state: "
            + dir.resolve("state.db")
            + "\nexports:\n"
            + export("items", "table: " + TABLE, dir.resolve("out").toString()));
  }

  List<String> exported() throws Exception {
    return ExportedRows.csv(
        OutputFiles.onlyRunDir(dir.resolve("out"), "items"), List.of("id", "note"));
  }

  private void clearOutput() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .forEach(p -> p.toFile().delete());
    }
  }

  /** Deletes a folder the test made, with what is in it. */
  static void deleteTree(Path base) throws Exception {
    if (base != null) {
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
