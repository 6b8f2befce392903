package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of its own for the TLS tests, from the installed {@code mariadbd}, listening on
 * 127.0.0.1 and 127.0.0.2 at a free port with the given certificates and {@code
 * require_secure_transport}, so a connection without TLS is turned down. The shared server is left
 * alone.
 */
final class TlsMariaDbServer implements AutoCloseable {
  static final Path SERVER = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

  final int port;
  private final Process process;

  private TlsMariaDbServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB);
  }

  static TlsMariaDbServer start(Path dir, TlsCertificates certs)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Path log = dir.resolve("setup.log");
    List<String> user = TlsServerProcess.isRoot() ? List.of("--user=root") : List.of();
    List<String> install =
        new ArrayList<>(
            List.of(
                INSTALL_DB.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=normal",
                "--skip-test-db"));
    install.addAll(user);
    TlsServerProcess.run(log, install.toArray(new String[0]));
    int port = TlsServerProcess.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                SERVER.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1,127.0.0.2",
                "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--ssl-cert=" + certs.serverCert,
                "--ssl-key=" + certs.serverKey,
                "--ssl-ca=" + certs.ca,
                "--require-secure-transport=ON",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=16M"));
    command.addAll(user);
    Path serverLog = dir.resolve("server.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile())
            .start();
    TlsServerProcess.awaitPort("127.0.0.1", port, serverLog);
    return new TlsMariaDbServer(process, port);
  }

  /** Runs statements as root, through TLS. */
  void execute(String... statements) throws SQLException {
    String url = "jdbc:mariadb://127.0.0.1:" + port + "/mysql?user=root&sslMode=trust";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
