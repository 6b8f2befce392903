package dev.rivet.kernel.testing.servers;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The real PostgreSQL and MariaDB every database test runs against, each prepared once per test JVM
 * (database, roles, auth rules) before the first test uses it. Settings come from {@code
 * RIVET_TEST_PG_URL/USER/PASSWORD} and {@code RIVET_TEST_MYSQL_URL/USER/PASSWORD}; the defaults are
 * a local install: {@code postgres@127.0.0.1:5432/test} and {@code root@127.0.0.1:3306/test}. Where
 * nothing answers at that address, or {@code RIVET_TEST_EMBEDDED=1} / {@code
 * -Drivet.test.embedded=true} asks for it, an embedded server is started instead ({@link
 * EmbeddedServers}) and prepared the same way.
 */
public final class TestServers {
  /** A role on both servers that must give the password {@value #AUTH_PASSWORD}. */
  public static final String AUTH_USER = "rivet_auth";

  public static final String AUTH_PASSWORD = "rivet-secret";

  /** A role on both servers that may connect but read nothing it is not granted. */
  public static final String NO_READ_USER = "rivet_noread";

  private static Prepared postgres;
  private static Prepared mariaDb;

  private TestServers() {}

  /** The test PostgreSQL, prepared. */
  public static TestServer postgres() {
    return preparedPostgres().server();
  }

  /** The test MariaDB (or MySQL), prepared. */
  public static TestServer mariaDb() {
    return preparedMariaDb().server();
  }

  /**
   * Fails, saying what to do, unless {@value #AUTH_USER} must give its password to the test
   * PostgreSQL; for the tests of a wrong or missing password.
   */
  public static void requirePostgresPasswordLogin() {
    postgres();
    Optional<String> problem = preparedPostgres().passwordProblem();
    if (problem.isPresent()) {
      throw new AssertionError(problem.get());
    }
  }

  private static synchronized Prepared preparedPostgres() {
    if (postgres == null) {
      postgres = preparePostgres();
    }
    return postgres;
  }

  private static synchronized Prepared preparedMariaDb() {
    if (mariaDb == null) {
      mariaDb = prepareMariaDb();
    }
    return mariaDb;
  }

  private static Prepared preparePostgres() {
    TestServer server =
        fromEnv("RIVET_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/test", "postgres");
    try {
      if (useEmbedded("PostgreSQL", "RIVET_TEST_PG_URL", server, 5432)) {
        server = EmbeddedServers.postgres(server.database());
      }
      return new Prepared(server, PostgresTestSetup.prepare(server), null);
    } catch (SQLException e) {
      return new Prepared(
          server, Optional.empty(), unusable("PostgreSQL", "RIVET_TEST_PG", server, e));
    } catch (IllegalStateException e) {
      return new Prepared(server, Optional.empty(), e);
    }
  }

  private static Prepared prepareMariaDb() {
    TestServer server = fromEnv("RIVET_TEST_MYSQL", "jdbc:mariadb://127.0.0.1:3306/test", "root");
    try {
      if (useEmbedded("MariaDB", "RIVET_TEST_MYSQL_URL", server, 3306)) {
        server = EmbeddedServers.mariaDb(server.database());
      }
      MariaDbTestSetup.prepare(server);
      return new Prepared(server, Optional.empty(), null);
    } catch (SQLException e) {
      return new Prepared(
          server, Optional.empty(), unusable("MariaDB", "RIVET_TEST_MYSQL", server, e));
    } catch (IllegalStateException e) {
      return new Prepared(server, Optional.empty(), e);
    }
  }

  /**
   * Whether to start an embedded server instead of {@code configured}: when forced, or when nothing
   * answers at its address. Says so on standard error, once per test JVM and server.
   */
  private static boolean useEmbedded(
      String product, String urlVariable, TestServer configured, int defaultPort) {
    String why;
    if (EmbeddedServers.forced()) {
      why = EmbeddedServers.FORCE_ENV + " / -D" + EmbeddedServers.FORCE_PROPERTY + " is set";
    } else if (!EmbeddedServers.answers(configured, defaultPort)) {
      why = "nothing answers at " + configured.address() + " (" + urlVariable + ")";
    } else {
      return false;
    }
    System.err.println("rivet tests: " + why + "; starting an embedded " + product);
    return true;
  }

  private static IllegalStateException unusable(
      String product, String prefix, TestServer server, SQLException cause) {
    return new IllegalStateException(
        "the tests cannot prepare their "
            + product
            + " at "
            + server.address()
            + " as user "
            + server.user()
            + ": "
            + cause.getMessage()
            + "\nStart it (an installed server: .ci/prepare-databases.sh; Docker: docker compose up -d),"
            + " set RIVET_TEST_EMBEDDED=1 to have the tests start embedded servers, or point "
            + prefix
            + "_URL, "
            + prefix
            + "_USER and "
            + prefix
            + "_PASSWORD at one whose user may create databases and roles (docs/testing.md).",
        cause);
  }

  private static TestServer fromEnv(String prefix, String url, String user) {
    return new TestServer(
        env(prefix + "_URL", url), env(prefix + "_USER", user), env(prefix + "_PASSWORD", ""));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A server after its preparation: usable, or the failure that every use reports again. */
  private record Prepared(
      TestServer server, Optional<String> passwordProblem, IllegalStateException failure) {
    @Override
    public TestServer server() {
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure.getCause());
      }
      return server;
    }
  }
}
