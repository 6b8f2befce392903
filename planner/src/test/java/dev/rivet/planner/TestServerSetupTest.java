package dev.rivet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.testing.servers.MariaDbTestSetup;
import dev.rivet.kernel.testing.servers.PostgresTestSetup;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The test servers are prepared by the suite itself: the roles the login tests use exist, {@value
 * TestServers#AUTH_USER} must give its password, and preparing again, or from several sessions at
 * once, changes nothing.
 */
class TestServerSetupTest {

  @Test
  void shouldMakeThePostgresAuthRoleGiveItsPassword() throws SQLException {
    TestServer server = TestServers.postgres();
    TestServers.requirePostgresPasswordLogin();

    try (Connection c =
        DriverManager.getConnection(
            server.url(), TestServers.AUTH_USER, TestServers.AUTH_PASSWORD)) {
      assertThat(c.isValid(5)).isTrue();
    }
    SQLException wrong =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection(server.url(), TestServers.AUTH_USER, "wrong"));
    assertThat(wrong.getSQLState()).isEqualTo("28P01");
  }

  @Test
  void shouldLetThePostgresNoReadRoleConnect() throws SQLException {
    TestServer server = TestServers.postgres();

    try (Connection c = DriverManager.getConnection(server.url(), TestServers.NO_READ_USER, "")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void shouldMakeTheMariaDbUsersWithAndWithoutPassword() throws SQLException {
    // Neither user may use a database; they log in to the server.
    TestServer server = TestServers.mariaDb().withDatabase("");

    try (Connection c =
        DriverManager.getConnection(
            server.url(), TestServers.AUTH_USER, TestServers.AUTH_PASSWORD)) {
      assertThat(c.isValid(5)).isTrue();
    }
    SQLException wrong =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection(server.url(), TestServers.AUTH_USER, "wrong"));
    assertThat(wrong.getSQLState()).isEqualTo("28000");
    try (Connection c =
        DriverManager.getConnection(server.withDatabase("").url(), TestServers.NO_READ_USER, "")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void shouldPrepareBothServersAgainFromSeveralSessionsAtOnce() throws Exception {
    TestServer postgres = TestServers.postgres();
    TestServer mariaDb = TestServers.mariaDb();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Optional<String>>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> PostgresTestSetup.prepare(postgres)));
        Callable<Optional<String>> maria =
            () -> {
              MariaDbTestSetup.prepare(mariaDb);
              return Optional.empty();
            };
        results.add(pool.submit(maria));
      }
      for (Future<Optional<String>> result : results) {
        assertThat(result.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
