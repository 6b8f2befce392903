package dev.rivet.planner.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.dialect.TlsSetting;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pgjdbc's URL grammar as the PostgreSQL dialect reads it for doctor and config. */
class PostgresUrlTest {
  private static final PostgresDialect DIALECT = new PostgresDialect();

  @Test
  void shouldReadHostPortAndTlsModeOfAUrl() {
    SourceAddress a =
        DIALECT.address("jdbc:postgresql://db.example:6432/sales?SSLMODE=Verify-Full");

    assertThat(a.endpoints()).containsExactly(new Endpoint("db.example", 6432));
    assertThat(a.tls().mode()).contains(TlsMode.VERIFY_FULL);
    assertThat(a.tls().source()).isEqualTo("sslmode=verify-full");
  }

  @Test
  void shouldDefaultThePortAndReadEveryHostOfAFailoverUrl() {
    SourceAddress a = DIALECT.address("jdbc:postgresql://h1,[::1]:5433,h3:7/db");

    assertThat(a.endpoints())
        .containsExactly(
            new Endpoint("h1", 5432), new Endpoint("::1", 5433), new Endpoint("h3", 7));
    assertThat(a.endpoints().get(1)).hasToString("[::1]:5433");
  }

  @Test
  void shouldReachLocalhostForTheShortFormAndAnEmptyHost() {
    assertThat(DIALECT.address("jdbc:postgresql:sales?ssl=true").endpoints())
        .containsExactly(new Endpoint("localhost", 5432));
    assertThat(DIALECT.address("jdbc:postgresql:///sales").endpoints())
        .containsExactly(new Endpoint("localhost", 5432));
  }

  @Test
  void shouldKnowNoEndpointWhenAPortIsOutOfRange() {
    assertThat(DIALECT.address("jdbc:postgresql://h1,h2:99999/db").endpoints()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://db/x, PREFER, sslmode=prefer (pgjdbc default)",
    "jdbc:postgresql://db/x?ssl=true, VERIFY_FULL, ssl=true (pgjdbc reads it as sslmode=verify-full)",
    "jdbc:postgresql://db/x?ssl, VERIFY_FULL, ssl=true (pgjdbc reads it as sslmode=verify-full)",
    "jdbc:postgresql://db/x?ssl=false, PREFER, sslmode=prefer (pgjdbc default)",
    "jdbc:postgresql://db/x?sslmode=require&ssl=true, REQUIRE, sslmode=require",
    "jdbc:postgresql://db/x?sslmode=disable, DISABLE, sslmode=disable"
  })
  void shouldReadTheTlsModeAsPgjdbcDoes(String url, TlsMode mode, String source) {
    TlsSetting tls = DIALECT.address(url).tls();

    assertThat(tls.mode()).contains(mode);
    assertThat(tls.source()).isEqualTo(source);
    assertThat(tls.parameters().mode()).isEqualTo("sslmode");
  }

  @Test
  void shouldNotKnowMariaDbsTrustOrAnInventedMode() {
    assertThat(DIALECT.address("jdbc:postgresql://db/x?sslmode=trust").tls().mode()).isEmpty();
    TlsSetting tls = DIALECT.address("jdbc:postgresql://db/x?sslmode=Sometimes").tls();

    assertThat(tls.mode()).isEqualTo(Optional.empty());
    assertThat(tls.source()).isEqualTo("sslmode='Sometimes'");
  }

  @Test
  void shouldPercentEncodeTheDatabaseOfABuiltUrl() {
    assertThat(DIALECT.jdbcUrl("[::1]", 5433, "my db/ü"))
        .isEqualTo("jdbc:postgresql://[::1]:5433/my%20db%2F%C3%BC");
  }
}
