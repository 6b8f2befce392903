package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TlsSourceContract} against a PostgreSQL of the test's own that takes TLS connections only,
 * and the state store kept in that server over TLS ({@code state.tls}): verify-full, a CA that did
 * not sign the server's certificate, and a user that logs in with a client certificate.
 */
@Tag("slow")
@Timeout(300)
class PostgresTlsEndToEndTest extends TlsSourceContract {
  private static Path base;
  private static TlsCertificates certs;
  private static TlsPostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    Optional<Path> bin = TlsPostgresServer.binaries();
    assumeTrue(bin.isPresent(), "no PostgreSQL installed under /usr/lib/postgresql");
    base = Files.createTempDirectory("rivet-tls-pg-");
    certs =
        TlsCertificates.create(
            Files.createDirectory(base.resolve("certs")), TlsPostgresServer.CERT_USER);
    server = TlsPostgresServer.start(bin.get(), base.resolve("pg"), certs);
    server.execute(
        "CREATE ROLE " + TlsPostgresServer.CERT_USER + " LOGIN",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text NOT NULL)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, 'note ' || g || repeat('x', g % 7) FROM"
            + " generate_series(1, "
            + ROWS
            + ") g",
        "GRANT SELECT ON " + TABLE + " TO " + TlsPostgresServer.CERT_USER);
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
    return "postgresql://" + user + "@" + host + ":" + server.port + "/postgres";
  }

  @Override
  String adminUser() {
    return "postgres";
  }

  @Override
  String certUser() {
    return TlsPostgresServer.CERT_USER;
  }

  @Override
  void assertPlaintextTurnedDown(String err) {
    assertThat(err)
        .contains("no encryption")
        .contains("the server takes this user only over TLS: set source.tls.mode");
  }

  @Override
  void assertClientCertificateMissing(String err) {
    assertThat(err)
        .contains("requires a valid client certificate")
        .contains("set source.tls.client_cert_file and source.tls.client_key_file");
  }

  @Override
  List<String> sourceRows() throws Exception {
    List<String> rows = query("SELECT id, note FROM " + TABLE);
    rows.sort(null);
    return rows;
  }

  @Test
  void shouldKeepTheStateInAPostgresReachedWithVerifyFull() throws Exception {
    String schema = "rivet_statetls_" + ProcessHandle.current().pid();
    Path config = stateConfig(schema, certs.ca);

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(exported()).hasSize(ROWS).isEqualTo(sourceRows());
    assertThat(query("SELECT status, rows_written FROM " + schema + ".runs"))
        .containsExactly("succeeded|" + ROWS);
    assertThat(query("SELECT DISTINCT status FROM " + schema + ".chunks"))
        .containsExactly("published");
  }

  @Test
  void shouldFailAStateStoreWhoseCertificateTheCaFileDoesNotSign() throws Exception {
    Path config =
        stateConfig("rivet_statetls_wrong_" + ProcessHandle.current().pid(), certs.wrongCa);

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(r.err())
        .contains("state store jdbc:postgresql://localhost:" + server.port)
        .contains("PKIX path building failed")
        .contains("the state database's certificate was not accepted")
        .contains("set state.tls.ca_file")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldKeepTheStateAsAUserThatLogsInWithAClientCertificate() throws Exception {
    String user = TlsPostgresServer.CERT_USER;
    String schema = "rivet_statetls_cert_" + ProcessHandle.current().pid();
    server.execute("GRANT CREATE ON DATABASE postgres TO " + user);
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            Files.readString(stateConfig(schema, certs.ca))
                .replace(
                    "state:\n  url: postgresql://postgres@",
                    "state:\n  url: postgresql://" + user + "@")
                .replace(
                    "currentSchema=" + schema + "\n" + tls("verify-full", certs.ca),
                    "currentSchema=" + schema + "\n" + clientCertTls()));

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(exported()).hasSize(ROWS).isEqualTo(sourceRows());
    assertThat(
            query(
                "SELECT schema_owner FROM information_schema.schemata WHERE schema_name = '"
                    + schema
                    + "'"))
        .as("the state was written as the certificate's user")
        .containsExactly(user);
    assertThat(query("SELECT status, rows_written FROM " + schema + ".runs"))
        .containsExactly("succeeded|" + ROWS);
    assertNoPrivateKeyIn(r.out() + r.err());
  }

  /** The source and the state store are both this TLS-only server, each with verify-full. */
  private Path stateConfig(String schema, Path stateCa) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        "source:\n  url: "
            + sourceUrl("postgres", "localhost")
            + "\n"
            + tls("verify-full", certs.ca)
            + "state:\n  url: postgresql://postgres@localhost:"
            + server.port
            + "/postgres?currentSchema="
            + schema
            + "\n"
            + tls("verify-full", stateCa)
            + "exports:\n"
            + export("items", "table: " + TABLE, dir.resolve("out").toString()));
  }

  private static List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    String url =
        "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres?user=postgres&sslmode=require";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
