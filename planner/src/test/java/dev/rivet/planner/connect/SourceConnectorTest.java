package dev.rivet.planner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Dialect;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceConnectorTest {

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:mariadb://db:3306/shop", "jdbc:mysql://db/shop"})
  void shouldBoundConnectTimeInMillisecondsAndNameRivetForMariaDbConnectorJ(String url) {
    assertThat(driverProperties(url))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "connectTimeout",
                "10000",
                "connectionAttributes",
                "program_name:rivet",
                "tcpKeepAlive",
                "true"));
    assertThat(Dialect.of(SourceKind.MYSQL).chunkReadProperties())
        .containsExactly(Map.entry("useServerPrepStmts", "true"));
  }

  @Test
  void shouldBoundConnectTimeInSecondsAndNameRivetForPgjdbc() {
    assertThat(driverProperties("jdbc:postgresql://db/shop"))
        .containsEntry("ApplicationName", "rivet")
        .containsEntry("connectTimeout", "10")
        .containsEntry("loginTimeout", "10");
  }

  /** Keepalive lets the operating system end a read whose peer vanished instead of waiting. */
  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://db/shop", "jdbc:mariadb://db/shop"})
  void shouldTurnOnTcpKeepAliveSoThatAReadFromAVanishedPeerEnds(String url) {
    assertThat(driverProperties(url)).containsEntry("tcpKeepAlive", "true");
  }

  private static Properties driverProperties(String url) {
    return Dialect.of(SourceKind.forJdbcUrl(url))
        .driverProperties(SourceConnector.CONNECT_TIMEOUT_SECONDS);
  }
}
