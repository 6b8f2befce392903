package dev.rivet.planner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.SshCredentials;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Dialect;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaintextGuardTest {
  private static final String REMOTE_PG = "jdbc:postgresql://192.0.2.10:5432/app";
  private static final String REMOTE_MY = "jdbc:mariadb://192.0.2.10/app";

  @Test
  void shouldRefuseARemoteHostWithoutTlsAndSayHowToAllowIt() {
    RivetException e = refusal(new SourceConnection(REMOTE_PG, "u", "pw")).orElseThrow();

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "refusing to connect to 192.0.2.10:5432 without TLS: it is not this machine,"
                + " source.tls is not set, and source.url asks for sslmode=prefer (pgjdbc"
                + " default), so the password and the data could cross the network in plain text");
    assertThat(e.hint()).contains("source.tls: {mode: verify-full}").contains("{mode: disable}");
  }

  @Test
  void shouldNameTheConfigFileWhenItIsKnown() {
    SourceConnection source =
        new SourceConnection(REMOTE_MY, "u", null)
            .withTls(new SourceTls(null, null, null, null, "/etc/rivet.yaml"));

    RivetException e = refusal(source).orElseThrow();

    assertThat(e.getMessage())
        .contains("192.0.2.10:3306")
        .contains("source.tls is not set in /etc/rivet.yaml")
        .contains("sslMode=disable (MariaDB Connector/J default)");
  }

  @Test
  void shouldAllowASourceReachedThroughAnSshTunnel() {
    SshRoute route =
        new SshRoute(
            List.of(
                new SshHop(
                    "bastion",
                    22,
                    "deploy",
                    SshCredentials.password("PW", "secret"),
                    "/known_hosts",
                    HostKeyCheck.YES)));

    assertThat(refusal(new SourceConnection(REMOTE_PG, "u", null).withSsh(route))).isEmpty();
    assertThat(refusal(new SourceConnection(REMOTE_PG, "u", null))).isPresent();
  }

  @Test
  void shouldAllowPlaintextWrittenAsModeDisable() {
    SourceConnection source =
        new SourceConnection(REMOTE_PG, "u", null)
            .withTls(new SourceTls(TlsMode.DISABLE, null, null, null, "rivet.yaml"));

    assertThat(refusal(source)).isEmpty();
  }

  @Test
  void shouldAllowEveryEncryptingModeFromTheSectionOrTheUrl() {
    for (TlsMode mode : new TlsMode[] {TlsMode.REQUIRE, TlsMode.VERIFY_CA, TlsMode.VERIFY_FULL}) {
      SourceConnection source =
          new SourceConnection(REMOTE_PG, "u", null)
              .withTls(new SourceTls(mode, null, null, null, ""));
      assertThat(refusal(source)).as(mode.wireName()).isEmpty();
    }
    assertThat(refusal(new SourceConnection(REMOTE_PG + "?sslmode=require", "u", null))).isEmpty();
    assertThat(refusal(new SourceConnection(REMOTE_MY + "?sslMode=verify-full", "u", null)))
        .isEmpty();
  }

  @Test
  void shouldRefuseAUrlModeThatMayFallBackToPlaintext() {
    assertThat(refusal(new SourceConnection(REMOTE_PG + "?sslmode=allow", "u", null))).isPresent();
    assertThat(refusal(new SourceConnection(REMOTE_PG + "?sslmode=disable", "u", null)))
        .isPresent();
  }

  @Test
  void shouldAllowPlaintextToThisMachine() {
    for (String url :
        new String[] {
          "jdbc:postgresql://127.0.0.1:5432/app",
          "jdbc:postgresql://localhost/app",
          "jdbc:postgresql://[::1]:5432/app",
          "jdbc:mariadb://127.0.0.2:3306/app",
          "jdbc:postgresql:app"
        }) {
      assertThat(refusal(new SourceConnection(url, "u", null))).as(url).isEmpty();
    }
  }

  @Test
  void shouldRefuseWhenOneOfSeveralHostsIsRemote() {
    String url = "jdbc:postgresql://127.0.0.1:5432,192.0.2.10:5432/app";

    assertThat(refusal(new SourceConnection(url, "u", null))).isPresent();
  }

  private static Optional<RivetException> refusal(SourceConnection source) {
    return PlaintextGuard.refusal(source, Dialect.of(source.kind()).address(source.jdbcUrl()));
  }
}
