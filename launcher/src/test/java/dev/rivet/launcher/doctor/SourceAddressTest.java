package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import org.junit.jupiter.api.Test;

class SourceAddressTest {
  @Test
  void shouldReadHostPortAndParametersOfAPostgresUrl() {
    SourceAddress a =
        SourceAddress.parse("jdbc:postgresql://db.example:6432/sales?sslmode=verify-full");

    assertThat(a.kind()).isEqualTo(SourceKind.POSTGRESQL);
    assertThat(a.endpoints()).containsExactly(new Endpoint("db.example", 6432));
    assertThat(a.parameter("SSLMODE")).contains("verify-full");
  }

  @Test
  void shouldDefaultThePortAndReadEveryHostOfAFailoverUrl() {
    SourceAddress a = SourceAddress.parse("jdbc:postgresql://h1,[::1]:5433,h3:7/db");

    assertThat(a.endpoints())
        .containsExactly(
            new Endpoint("h1", 5432), new Endpoint("::1", 5433), new Endpoint("h3", 7));
    assertThat(a.endpoints().get(1)).hasToString("[::1]:5433");
  }

  @Test
  void shouldReachLocalhostForTheShortPostgresForm() {
    assertThat(SourceAddress.parse("jdbc:postgresql:sales?ssl=true").endpoints())
        .containsExactly(new Endpoint("localhost", 5432));
    assertThat(SourceAddress.parse("jdbc:postgresql:sales?ssl=true").parameter("ssl"))
        .contains("true");
  }

  @Test
  void shouldReadMariaDbHostDescriptionsAndModes() {
    SourceAddress a =
        SourceAddress.parse(
            "jdbc:mariadb:replication://address=(host=p1)(port=3307)(type=primary),r1/db?sslMode=trust");

    assertThat(a.kind()).isEqualTo(SourceKind.MYSQL);
    assertThat(a.endpoints()).containsExactly(new Endpoint("p1", 3307), new Endpoint("r1", 3306));
    assertThat(a.parameter("sslmode")).contains("trust");
  }

  @Test
  void shouldKnowNoEndpointWhenThePortIsNotANumber() {
    assertThat(SourceAddress.parse("jdbc:mysql://h:99999/db").endpoints()).isEmpty();
  }
}
