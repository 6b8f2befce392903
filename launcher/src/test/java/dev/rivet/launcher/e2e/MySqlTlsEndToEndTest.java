package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TlsSourceContract} against a MariaDB of the test's own that takes TLS connections only.
 */
@Tag("slow")
@Timeout(300)
class MySqlTlsEndToEndTest extends TlsSourceContract {
  private static final String CERT_USER = "rivet_tls_cert";

  private static Path base;
  private static TlsCertificates certs;
  private static TlsMariaDbServer server;

  @BeforeAll
  static void startServer() throws Exception {
    assumeTrue(TlsMariaDbServer.installed(), "no MariaDB installed at " + TlsMariaDbServer.SERVER);
    base = Files.createTempDirectory("rivet-tls-my-");
    certs = TlsCertificates.create(Files.createDirectory(base.resolve("certs")), CERT_USER);
    server = TlsMariaDbServer.start(base.resolve("my"), certs);
    server.execute(
        "CREATE DATABASE rivet_tls",
        "CREATE USER 'root'@'127.0.0.2'",
        "GRANT ALL ON *.* TO 'root'@'127.0.0.2'",
        "CREATE USER '" + CERT_USER + "'@'%' REQUIRE SUBJECT '/CN=" + CERT_USER + "'",
        "CREATE TABLE rivet_tls." + TABLE + " (id int PRIMARY KEY, note text NOT NULL)",
        "INSERT INTO rivet_tls."
            + TABLE
            + " SELECT seq, CONCAT('note ', seq, REPEAT('x', seq % 7))"
            + " FROM seq_1_to_"
            + ROWS,
        "GRANT SELECT ON rivet_tls." + TABLE + " TO '" + CERT_USER + "'@'%'");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    deleteTree(base);
  }

  @Override
  TlsCertificates certs() {
    return certs;
  }

  @Override
  String sourceUrl(String user, String host) {
    return "mariadb://" + user + "@" + host + ":" + server.port + "/rivet_tls";
  }

  @Override
  String adminUser() {
    return "root";
  }

  @Override
  String certUser() {
    return CERT_USER;
  }

  @Override
  void assertPlaintextTurnedDown(String err) {
    // MariaDB answers a plaintext login under require_secure_transport as a wrong login.
    assertThat(err).contains("Access denied for user 'root'");
  }

  @Override
  void assertClientCertificateMissing(String err) {
    assertThat(err).contains("Access denied for user '" + CERT_USER + "'");
  }

  @Override
  List<String> sourceRows() throws Exception {
    List<String> rows = new ArrayList<>();
    String url = "jdbc:mariadb://127.0.0.1:" + server.port + "/rivet_tls?user=root&sslMode=trust";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, note FROM " + TABLE)) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + "|" + rs.getString(2));
      }
    }
    rows.sort(null);
    return rows;
  }
}
