package dev.rivet.planner.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.dialect.TlsSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MariaDB Connector/J's URL grammar as the MySQL dialect reads it for doctor and config. */
class MySqlUrlTest {
  private static final MySqlDialect DIALECT = new MySqlDialect();

  @Test
  void shouldReadHostDescriptionsAndTheModePrefix() {
    SourceAddress a =
        DIALECT.address(
            "jdbc:mariadb:replication://address=(host=p1)(port=3307)(type=primary),r1/db?sslMode=trust");

    assertThat(a.endpoints()).containsExactly(new Endpoint("p1", 3307), new Endpoint("r1", 3306));
    assertThat(a.tls().mode()).contains(TlsMode.REQUIRE);
    assertThat(a.tls().source()).isEqualTo("sslMode=trust");
  }

  @Test
  void shouldReadTheMySqlSchemeAsTheMariaDbOne() {
    assertThat(DIALECT.address("jdbc:mysql://[::1]:3307,db/x").endpoints())
        .containsExactly(new Endpoint("::1", 3307), new Endpoint("db", 3306));
  }

  @Test
  void shouldKnowNoEndpointWhenThePortIsNotANumberInRange() {
    assertThat(DIALECT.address("jdbc:mysql://h:99999/db").endpoints()).isEmpty();
    assertThat(DIALECT.address("jdbc:mariadb://address=(port=1)/db").endpoints()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:mariadb://db/x, DISABLE, sslMode=disable (MariaDB Connector/J default)",
    "jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY, VERIFY_FULL, sslMode=VERIFY_IDENTITY",
    "jdbc:mariadb://db/x?sslmode=verify_ca, VERIFY_CA, sslMode=verify_ca",
    "jdbc:mariadb://db/x?sslMode=required, REQUIRE, sslMode=required",
    "jdbc:mariadb://db/x?useSSL=true, VERIFY_FULL, useSsl=true (sslMode=verify-full)",
    "jdbc:mariadb://db/x?useSsl&trustServerCertificate=1, REQUIRE,"
        + " useSsl with trustServerCertificate (sslMode=trust)",
    "jdbc:mariadb://db/x?useSsl=1&disableSslHostnameVerification=true, VERIFY_CA,"
        + " useSsl with disableSslHostnameVerification (sslMode=verify-ca)",
    "jdbc:mariadb://db/x?useSsl=false, DISABLE, sslMode=disable (MariaDB Connector/J default)"
  })
  void shouldReadTheTlsModeAsMariaDbConnectorJDoes(String url, TlsMode mode, String source) {
    TlsSetting tls = DIALECT.address(url).tls();

    assertThat(tls.mode()).contains(mode);
    assertThat(tls.source()).isEqualTo(source);
    assertThat(tls.parameters().mode()).isEqualTo("sslMode");
  }

  @Test
  void shouldNotKnowAnInventedMode() {
    TlsSetting tls = DIALECT.address("jdbc:mariadb://db/x?sslMode=prefer").tls();

    assertThat(tls.mode()).isEmpty();
    assertThat(tls.source()).isEqualTo("sslMode='prefer'");
  }

  @Test
  void shouldBuildAUrlOnlyForADatabaseTheDriverTakesVerbatim() {
    assertThat(DIALECT.jdbcUrl("db", 3307, "shop_1")).isEqualTo("jdbc:mariadb://db:3307/shop_1");
    assertThatThrownBy(() -> DIALECT.jdbcUrl("db", 3306, "shop?x"))
        .isInstanceOf(RivetException.class)
        .hasMessage("'shop?x' cannot be passed to MariaDB Connector/J in a URL")
        .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.USER_CONFIG))
        .satisfies(e -> assertThat(((RivetException) e).hint()).contains("without '/', '?'"));
  }
}
