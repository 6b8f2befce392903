package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA, a server certificate for {@code localhost} and {@code 127.0.0.1} only, a client certificate
 * (PKCS-8 key) for one user, and a second CA that signed nothing here, made with the installed
 * {@code openssl} in a folder of the test.
 */
final class TlsCertificates {
  final Path dir;
  final Path ca;
  final Path wrongCa;
  final Path serverCert;
  final Path serverKey;
  final Path clientCert;
  final Path clientKey;

  private TlsCertificates(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.crt");
    this.wrongCa = dir.resolve("wrong-ca.crt");
    this.serverCert = dir.resolve("server.crt");
    this.serverKey = dir.resolve("server.key");
    this.clientCert = dir.resolve("client.crt");
    this.clientKey = dir.resolve("client.key");
  }

  /** Makes every file in {@code dir}; the client certificate's common name is {@code user}. */
  static TlsCertificates create(Path dir, String user) throws IOException, InterruptedException {
    TlsCertificates c = new TlsCertificates(dir);
    selfSigned(dir, "ca", "Rivet Test CA");
    selfSigned(dir, "wrong-ca", "Some Other CA");
    signed(
        dir,
        "server",
        "localhost",
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n" + "extendedKeyUsage=serverAuth\n");
    signed(dir, "client", user, "extendedKeyUsage=clientAuth\n");
    return c;
  }

  private static void selfSigned(Path dir, String name, String cn)
      throws IOException, InterruptedException {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt",
        "-subj",
        "/CN=" + cn);
  }

  private static void signed(Path dir, String name, String cn, String extensions)
      throws IOException, InterruptedException {
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=" + cn);
    Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions);
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        name + ".crt",
        "-extfile",
        name + ".ext");
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (p.waitFor() != 0) {
      throw new IOException(command + " failed: " + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
