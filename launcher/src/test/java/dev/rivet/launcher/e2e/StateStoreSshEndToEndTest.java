package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.ssh.TestSshServer;
import dev.rivet.planner.tunnel.SshTunnels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL state store reached through {@code state.ssh}: a real SSH server in this JVM (Apache
 * MINA SSHD) forwards to the local PostgreSQL, the source is read directly, and the run's state
 * lands in the database behind the tunnel.
 */
@Tag("slow")
@Timeout(180)
class StateStoreSshEndToEndTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final String TABLE = "rivet_statetls_items_" + PID;
  private static final String SCHEMA = "rivet_statetls_state_" + PID;
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;
  private final KeyPair userKey = TestSshServer.newKey();
  private TestSshServer bastion;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 3000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTableAndStateSchema() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @BeforeEach
  void startBastion() throws Exception {
    bastion = TestSshServer.start(TestSshServer.newKey(), userKey.getPublic(), null);
    TestSshServer.writePrivateKey(userKey, dir.resolve("id_ecdsa"), null);
    Files.writeString(dir.resolve("known_hosts"), bastion.knownHostsLine() + "\n");
  }

  @AfterEach
  void stopBastion() {
    bastion.close();
  }

  @Test
  void shouldRefuseARemoteFlinkClusterWithExitCode2BeforeConnecting() throws Exception {
    Path config = config("unused-s3cret");

    Cli.Result run =
        Cli.run("run", "-c", config.toString(), "--runner", "flink", "--flink-master", "jm:8081");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("state.ssh is not supported with --flink-master jm:8081")
        .contains("hint: run without --flink-master");
    assertThat(bastion.logins()).isZero();
  }

  @Test
  void shouldKeepTheRunsStateInThePostgresBehindTheTunnel() throws Exception {
    String password = TestDatabase.PASSWORD.isEmpty() ? "unused-s3cret" : TestDatabase.PASSWORD;
    Path config = config(password);

    Cli.Result run = Cli.run("run", "-c", config.toString());
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(bastion.logins()).as("the state store was reached through the tunnel").isPositive();
    assertThat(SshTunnels.openCount()).as("closed when the command ended").isZero();
    List<Path> runDirs = ExportedRows.runDirs(dir.resolve("out"), "p");
    assertThat(runDirs).hasSize(1);
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDirs.get(0), ID_NOTE))
          .hasSize(3000)
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
      assertThat(
              ExportedRows.query(
                  c, "SELECT status, chunk_count, rows_written FROM " + SCHEMA + ".runs"))
          .containsExactly("succeeded|3|3000");
      assertThat(ExportedRows.query(c, "SELECT status FROM " + SCHEMA + ".chunks"))
          .containsOnly("published")
          .hasSize(3);
    }
    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    assertThat(runs.out()).contains("SUCCEEDED");
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
    assertThat(run.out() + run.err() + runs.out() + runs.err())
        .doesNotContain("password=" + encoded)
        .doesNotContain("PRIVATE KEY");
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain("password=" + encoded);
      }
    }
  }

  private Path config(String password) throws Exception {
    String stateUrl =
        TestDatabase.URL
            + (TestDatabase.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + SCHEMA
            + "&user="
            + TestDatabase.USER
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state:\n  url: \""
            + stateUrl
            + "\"\n  ssh:\n    host: 127.0.0.1\n    port: "
            + bastion.port()
            + "\n    user: "
            + TestSshServer.USER
            + "\n    private_key_file: id_ecdsa\n    known_hosts_file: known_hosts\n"
            + "exports:\n  - name: p\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 1000\n    parallelism: 2\n");
  }
}
