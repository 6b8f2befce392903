package dev.rivet.kernel.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Reading a test server's URL, and telling whether something answers at its address. */
class TestServerTest {

  @Test
  void shouldSwapTheDatabaseAndKeepTheParameters() {
    TestServer server =
        new TestServer("jdbc:postgresql://127.0.0.1:5432/test?sslmode=disable", "postgres", null);

    assertThat(server.database()).isEqualTo("test");
    assertThat(server.address()).isEqualTo("127.0.0.1:5432");
    assertThat(server.password()).isEmpty();
    assertThat(server.withDatabase("postgres").url())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable");
    assertThat(server.withDatabase("").url())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/?sslmode=disable");
  }

  @Test
  void shouldReadAUrlWithoutADatabase() {
    TestServer server = new TestServer("jdbc:mariadb://db.example", "root", "");

    assertThat(server.database()).isEmpty();
    assertThat(server.address()).isEqualTo("db.example");
    assertThat(server.withDatabase("test").url()).isEqualTo("jdbc:mariadb://db.example/test");
  }

  @Test
  void shouldRejectAUrlThatIsNotJdbc() {
    assertThatThrownBy(() -> new TestServer("postgresql://127.0.0.1/test", "u", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://127.0.0.1/test");
  }

  @Test
  void shouldTellWhetherSomethingListensAtTheAddress() throws IOException {
    int port;
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = listening.getLocalPort();
      TestServer server = new TestServer("jdbc:postgresql://127.0.0.1:" + port + "/test", "u", "");

      assertThat(EmbeddedServers.answers(server, 5432)).isTrue();
    }
    TestServer closed = new TestServer("jdbc:postgresql://127.0.0.1:" + port + "/test", "u", "");
    assertThat(EmbeddedServers.answers(closed, 5432)).isFalse();
  }
}
