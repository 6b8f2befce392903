package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for the TLS tests, from the installed binaries ({@code initdb},
 * {@code pg_ctl}), listening on 127.0.0.1 and 127.0.0.2 at a free port with {@code ssl = on} and
 * the given certificates; {@code pg_hba.conf} takes TLS connections only, and a client certificate
 * for {@value #CERT_USER}. The shared server is left alone.
 */
final class TlsPostgresServer implements AutoCloseable {
  static final String CERT_USER = "rivet_tls_cert";

  final int port;
  private final Path dir;
  private final Path pgCtl;

  private TlsPostgresServer(Path dir, Path pgCtl, int port) {
    this.dir = dir;
    this.pgCtl = pgCtl;
    this.port = port;
  }

  /** The {@code bin} folder of the installed PostgreSQL, if there is one. */
  static Optional<Path> binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(Comparator.naturalOrder());
    }
  }

  /** Starts a server whose data and certificate copies live in {@code dir}. */
  static TlsPostgresServer start(Path bin, Path dir, TlsCertificates certs)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path ssl = dir.resolve("ssl");
    Files.createDirectories(ssl);
    Files.copy(certs.serverCert, ssl.resolve("server.crt"));
    Files.copy(certs.serverKey, ssl.resolve("server.key"));
    Files.copy(certs.ca, ssl.resolve("ca.crt"));
    Path data = dir.resolve("data");
    Path log = dir.resolve("setup.log");
    if (TlsServerProcess.isRoot()) {
      TlsServerProcess.run(log, "chown", "-R", "postgres", dir.toString());
      TlsServerProcess.run(log, "chmod", "o+x", dir.getParent().toString());
    }
    TlsServerProcess.run(log, "chmod", "600", ssl.resolve("server.key").toString());
    TlsServerProcess.run(
        log,
        TlsServerProcess.as(
            "postgres",
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-A",
            "trust",
            "-U",
            "postgres"));
    int port = TlsServerProcess.freePort();
    Files.writeString(
        data.resolve("postgresql.conf"),
        "\nssl = on\nssl_cert_file = '"
            + ssl.resolve("server.crt")
            + "'\nssl_key_file = '"
            + ssl.resolve("server.key")
            + "'\nssl_ca_file = '"
            + ssl.resolve("ca.crt")
            + "'\nlisten_addresses = '127.0.0.1,127.0.0.2'\nport = "
            + port
            + "\nunix_socket_directories = '"
            + dir
            + "'\nfsync = off\nshared_buffers = 16MB\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(
        data.resolve("pg_hba.conf"),
        "hostssl all "
            + CERT_USER
            + " 127.0.0.0/8 trust clientcert=verify-full\n"
            + "hostssl all all 127.0.0.0/8 trust\n"
            + "local all all trust\n");
    TlsServerProcess.run(
        log,
        TlsServerProcess.as(
            "postgres",
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "start"));
    TlsServerProcess.awaitPort("127.0.0.1", port, dir.resolve("server.log"));
    return new TlsPostgresServer(dir, bin.resolve("pg_ctl"), port);
  }

  /** Runs statements as the superuser, through TLS (the only way in over TCP). */
  void execute(String... statements) throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&sslmode=require";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    TlsServerProcess.run(
        dir.resolve("stop.log"),
        TlsServerProcess.as(
            "postgres",
            pgCtl.toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "stop"));
  }
}
