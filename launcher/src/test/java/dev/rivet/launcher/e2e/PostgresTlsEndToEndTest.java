package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
import static dev.rivet.launcher.e2e.DoctorEndToEndTest.statusLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source.tls} against a PostgreSQL of the test's own that accepts TLS connections only, with
 * certificates the test made: each mode, a wrong CA, a host name the certificate does not list, and
 * a client certificate, through {@code rivet run} (output compared with the source) and {@code
 * rivet doctor}.
 */
@Tag("slow")
@Timeout(300)
class PostgresTlsEndToEndTest {
  private static final String TABLE = "rivet_tls_items";
  private static final int ROWS = 500;

  private static Path base;
  private static TlsCertificates certs;
  private static TlsPostgresServer server;

  @TempDir Path dir;

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
    if (base != null) {
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldExportThroughVerifyFullAndMatchTheSource() throws Exception {
    Path config = config("localhost", "postgres", tls("verify-full", certs.ca));

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
              "postgres",
              mode.equals("require") ? "  tls:\n    mode: require\n" : tls(mode, certs.ca));

      Cli.Result r = Cli.run("run", "-c", config.toString());

      assertThat(r.exitCode()).as(mode + ": " + r).isZero();
      assertThat(exported()).as(mode).isEqualTo(sourceRows());
      clearOutput();
    }
  }

  @Test
  void shouldBeTurnedDownInModeDisableByAServerThatWantsTls() throws Exception {
    Path config = config("127.0.0.1", "postgres", "  tls:\n    mode: disable\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err())
        .contains("no encryption")
        .contains("the server takes this user only over TLS: set source.tls.mode")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldFailVerifyCaWithAWrongCaAndNameTheKey() throws Exception {
    Path config = config("localhost", "postgres", tls("verify-ca", certs.wrongCa));

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
    Path config = config("127.0.0.2", "postgres", tls("verify-full", certs.ca));

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("127.0.0.2").contains("subjectAltName").doesNotContain("\tat ");
  }

  @Test
  void shouldRequireAndAcceptAClientCertificate() throws Exception {
    String user = TlsPostgresServer.CERT_USER;
    Cli.Result without =
        Cli.run("run", "-c", config("localhost", user, tls("verify-full", certs.ca)).toString());

    assertThat(without.exitCode()).as(without.toString()).isEqualTo(3);
    assertThat(without.err())
        .contains("requires a valid client certificate")
        .contains("set source.tls.client_cert_file and source.tls.client_key_file")
        .doesNotContain("\tat ");

    String withCert =
        tls("verify-full", certs.ca)
            + "    client_cert_file: "
            + certs.clientCert
            + "\n    client_key_file: "
            + certs.clientKey
            + "\n";
    Cli.Result with = Cli.run("run", "-c", config("localhost", user, withCert).toString());

    assertThat(with.exitCode()).as(with.toString()).isZero();
    assertThat(exported()).isEqualTo(sourceRows());
    // Neither the output nor any file the run wrote (state, manifest, data) holds the key.
    String keyLine = Files.readAllLines(certs.clientKey).get(1);
    assertThat(with.out() + with.err()).doesNotContain("PRIVATE KEY").doesNotContain(keyLine);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content)
            .as(file.toString())
            .doesNotContain(keyLine)
            .doesNotContain("PRIVATE KEY");
      }
    }
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
    String stateTls =
        tls("verify-full", certs.ca)
            + "    client_cert_file: "
            + certs.clientCert
            + "\n    client_key_file: "
            + certs.clientKey
            + "\n";
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            Files.readString(stateConfig(schema, certs.ca))
                .replace(
                    "state:\n  url: postgresql://postgres@",
                    "state:\n  url: postgresql://" + user + "@")
                .replace(
                    "currentSchema=" + schema + "\n" + tls("verify-full", certs.ca),
                    "currentSchema=" + schema + "\n" + stateTls));

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
    String keyLine = Files.readAllLines(certs.clientKey).get(1);
    assertThat(r.out() + r.err()).doesNotContain("PRIVATE KEY").doesNotContain(keyLine);
  }

  /** The source and the state store are both this TLS-only server, each with verify-full. */
  private Path stateConfig(String schema, Path stateCa) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        "source:\n  url: postgresql://postgres@localhost:"
            + server.port
            + "/postgres\n"
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

  private static String tls(String mode, Path ca) {
    return "  tls:\n    mode: " + mode + "\n    ca_file: " + ca + "\n";
  }

  private Path config(String host, String user, String tls) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        "source:\n  url: postgresql://"
            + user
            + "@"
            + host
            + ":"
            + server.port
            + "/postgres\n"
            + tls
            + "state: "
            + dir.resolve("state.db")
            + "\nexports:\n"
            + export("items", "table: " + TABLE, dir.resolve("out").toString()));
  }

  private List<String> exported() throws Exception {
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

  private static List<String> sourceRows() throws Exception {
    List<String> rows = new ArrayList<>();
    String url =
        "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres?user=postgres&sslmode=require";
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
