package dev.rivet.planner.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SshCredentials;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.Endpoint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URL a driver gets through a tunnel: only the host list changes, to the tunnel's end. */
class TunnelUrlTest {
  private static final Endpoint LOCAL = new Endpoint("127.0.0.1", 40123);
  private static final SshRoute ROUTE =
      new SshRoute(
          List.of(
              new SshHop(
                  "bastion",
                  22,
                  "deploy",
                  SshCredentials.password("PW", "secret"),
                  "/known_hosts",
                  HostKeyCheck.YES)));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db.internal:5433/shop?sslmode=require"
            + " | jdbc:postgresql://127.0.0.1:40123/shop?sslmode=require | db.internal:5433",
        "jdbc:postgresql://db.internal/shop | jdbc:postgresql://127.0.0.1:40123/shop"
            + " | db.internal:5432",
        "jdbc:postgresql:shop?user=a | jdbc:postgresql://127.0.0.1:40123/shop?user=a"
            + " | localhost:5432",
        "jdbc:postgresql://[fd00::5]:5432/shop | jdbc:postgresql://127.0.0.1:40123/shop"
            + " | [fd00::5]:5432",
      })
  void shouldPointAPostgresUrlAtTheTunnel(String url, String through, String target) {
    assertUrl(SourceKind.POSTGRESQL, url, through, target);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:mariadb://db.internal:3307/shop?sslMode=trust"
            + " | jdbc:mariadb://127.0.0.1:40123/shop?sslMode=trust | db.internal:3307",
        "jdbc:mysql://db.internal/shop | jdbc:mysql://127.0.0.1:40123/shop | db.internal:3306",
        "jdbc:mariadb://address=(host=db.internal)(port=3310)/shop"
            + " | jdbc:mariadb://127.0.0.1:40123/shop | db.internal:3310",
      })
  void shouldPointAMySqlUrlAtTheTunnel(String url, String through, String target) {
    assertUrl(SourceKind.MYSQL, url, through, target);
  }

  private static void assertUrl(SourceKind kind, String url, String through, String target) {
    Dialect dialect = Dialect.of(kind);
    assertThat(dialect.withEndpoint(url, LOCAL)).isEqualTo(through);
    assertThat(SourceConnector.target(new SourceConnection(url, "u", null).withSsh(ROUTE), dialect))
        .hasToString(target);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://h1:5432,h2:5432/shop | POSTGRESQL",
        "jdbc:mariadb://h1,h2/shop | MYSQL",
      })
  void shouldRefuseAFailoverHostListBehindSsh(String url, SourceKind kind) {
    SourceConnection source = new SourceConnection(url, "u", null).withSsh(ROUTE);

    assertThatThrownBy(() -> SourceConnector.target(source, Dialect.of(kind)))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.getMessage()).contains("source.ssh forwards to one database server");
              assertThat(e.hint()).contains("one host:port");
            });
  }
}
