package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source on another machine without TLS is refused before any connection is made (192.0.2.10 is a
 * documentation address nothing answers on), naming the file, the key and the host.
 */
@Timeout(60)
class PlaintextRefusalEndToEndTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://app@192.0.2.10:5432/shop", "mysql://app@192.0.2.10/shop"})
  void shouldRefuseARemoteSourceWithoutTlsAtOnce(String url) throws Exception {
    Path config = config(url);

    long start = System.nanoTime();
    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("refusing to connect to 192.0.2.10:")
        .contains("source.tls is not set in " + config)
        .contains("write source.tls: {mode: disable} to accept an unencrypted connection")
        .doesNotContain("\tat ");
    // No connection attempt: the driver would wait for its 10 s connect timeout.
    assertThat(System.nanoTime() - start).isLessThan(8_000_000_000L);
  }

  @Test
  void shouldFailTheDoctorsTlsCheckForARemoteSourceWithoutTls() throws Exception {
    Cli.Result r =
        Cli.run("doctor", "-c", config("postgresql://app@192.0.2.10:5432/shop").toString());

    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.out())
        .contains("FAIL  source tls")
        .contains("Rivet refuses to connect without TLS");
  }

  @Test
  void shouldRefuseARemotePostgresStateStoreWithoutTlsAtOnce() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("state.yaml"),
            "source:\n  url: postgresql://app@127.0.0.1:5432/shop\n"
                + "state: postgresql://rivet@192.0.2.10:5432/state\nexports:\n"
                + export("items", "table: items", dir.resolve("out").toString()));

    long start = System.nanoTime();
    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("refusing to connect to 192.0.2.10:5432 without TLS")
        .contains("state.tls is not set in " + config)
        .contains("write state.tls: {mode: disable} to accept an unencrypted connection")
        .doesNotContain("\tat ");
    assertThat(System.nanoTime() - start).isLessThan(8_000_000_000L);
  }

  private Path config(String url) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        "source:\n  url: "
            + url
            + "\nstate: "
            + dir.resolve("state.db")
            + "\nexports:\n"
            + export("items", "table: items", dir.resolve("out").toString()));
  }
}
