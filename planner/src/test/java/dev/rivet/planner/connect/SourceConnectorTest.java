package dev.rivet.planner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceConnectorTest {

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:mariadb://db:3306/shop", "jdbc:mysql://db/shop"})
  void shouldBoundConnectTimeInMillisecondsAndNameRivetForMariaDbConnectorJ(String url) {
    assertThat(SourceConnector.driverProperties(url))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("connectTimeout", "10000", "connectionAttributes", "program_name:rivet"));
  }

  @Test
  void shouldBoundConnectTimeInSecondsAndNameRivetForPgjdbc() {
    assertThat(SourceConnector.driverProperties("jdbc:postgresql://db/shop"))
        .containsEntry("ApplicationName", "rivet")
        .containsEntry("connectTimeout", "10")
        .containsEntry("loginTimeout", "10");
  }
}
