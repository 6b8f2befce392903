package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.ssh.TestSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source.ssh} in separate rivet processes, as users run it: secrets come from the
 * environment and appear nowhere rivet prints or stores; each {@code --worker} process opens its
 * own tunnel.
 */
@Tag("slow")
@Timeout(400)
class SshTunnelProcessEndToEndTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final String TABLE = "rivet_ssh_proc_e2e_" + PID;
  private static final String SCHEMA = "rivet_ssh_proc_state_" + PID;
  private static final String SSH_PASSWORD = "Ssh-Tunnel-Pw-" + PID;
  private static final String PASSPHRASE = "Key-Phrase-" + PID;
  private static final List<String> COLUMNS = List.of("id", "note");

  @TempDir Path dir;
  private final KeyPair userKey = TestSshServer.newKey();
  private TestSshServer bastion;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 30000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @AfterEach
  void stopServer() {
    if (bastion != null) {
      bastion.close();
    }
  }

  @Test
  void shouldNeverPrintOrStoreTheSshPasswordOrPassphrase() throws Exception {
    KeyPair jumpHostKey = TestSshServer.newKey();
    // The bastion takes the password; the jump host before it takes the encrypted key.
    bastion = TestSshServer.start(TestSshServer.newKey(), null, SSH_PASSWORD);
    try (TestSshServer jump = TestSshServer.start(jumpHostKey, userKey.getPublic(), null)) {
      TestSshServer.writePrivateKey(userKey, dir.resolve("id_enc"), PASSPHRASE);
      Files.writeString(
          dir.resolve("known_hosts"),
          jump.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
      Path config =
          config(
              "state: state.db\n",
              "    password_env: SSH_PW\n"
                  + "    via:\n"
                  + "      - host: 127.0.0.1\n"
                  + "        port: "
                  + jump.port()
                  + "\n"
                  + "        private_key_file: id_enc\n"
                  + "        passphrase_env: SSH_PHRASE\n");
      Map<String, String> env =
          Map.of("SSH_PW", SSH_PASSWORD, "SSH_PHRASE", PASSPHRASE, "RIVET_LOG_LEVEL", "debug");

      Cli.Result run = JavaProcess.rivet(dir, "512m", env, "run", "-c", "rivet.yaml");
      Cli.Result json =
          JavaProcess.rivet(dir, "512m", env, "doctor", "-c", "rivet.yaml", "--output", "json");
      // A wrong password: the refusal is reported without it.
      Cli.Result refused =
          JavaProcess.rivet(
              dir,
              "512m",
              Map.of("SSH_PW", "Wrong-" + SSH_PASSWORD, "SSH_PHRASE", PASSPHRASE),
              "run",
              "-c",
              "rivet.yaml");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(json.exitCode()).as(json.toString()).isIn(0, 1);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
      assertThat(refused.err()).contains("password from $SSH_PW refused");
      assertExactlyTheSourcePublished(ExportedRows.runDirs(dir.resolve("out"), "p").get(0));
      for (Cli.Result r : List.of(run, json, refused)) {
        assertThat(r.out() + r.err()).doesNotContain(SSH_PASSWORD).doesNotContain(PASSPHRASE);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
          assertThat(content)
              .as("%s", file)
              .doesNotContain(SSH_PASSWORD)
              .doesNotContain(PASSPHRASE);
        }
      }
    }
  }

  @Test
  void shouldLetEachWorkerProcessOpenItsOwnTunnel() throws Exception {
    bastion = TestSshServer.start(TestSshServer.newKey(), userKey.getPublic(), null);
    TestSshServer.writePrivateKey(userKey, dir.resolve("id_ecdsa"), null);
    Files.writeString(dir.resolve("known_hosts"), bastion.knownHostsLine() + "\n");
    String stateUrl =
        TestDatabase.URL
            + (TestDatabase.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + SCHEMA
            + "&user="
            + TestDatabase.USER
            + (TestDatabase.PASSWORD.isEmpty() ? "" : "&password=" + TestDatabase.PASSWORD);
    config("state: \"" + stateUrl + "\"\n", "    private_key_file: id_ecdsa\n");

    Cli.Result planned = JavaProcess.rivet(dir, "512m", "plan", "-c", "rivet.yaml");
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];
    int afterPlan = bastion.logins();

    Process a = worker(runId, "a");
    Process b = worker(runId, "b");
    assertThat(a.waitFor(3, TimeUnit.MINUTES)).as("worker a finished").isTrue();
    assertThat(b.waitFor(3, TimeUnit.MINUTES)).as("worker b finished").isTrue();

    assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.err"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.err"))).isZero();
    assertThat(afterPlan).as("planning opened one tunnel").isEqualTo(1);
    assertThat(bastion.logins() - afterPlan).as("one tunnel per worker process").isEqualTo(2);
    assertExactlyTheSourcePublished(dir.resolve("out").resolve("p").resolve(runId));
  }

  private Process worker(String runId, String name) throws Exception {
    return JavaProcess.start(
        dir,
        "512m",
        dir.resolve(name + ".out"),
        dir.resolve(name + ".err"),
        "run",
        "-c",
        "rivet.yaml",
        "--plan",
        runId,
        "--worker",
        "--worker-id",
        name);
  }

  private Path config(String state, String login) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "  ssh:\n    host: 127.0.0.1\n    port: "
            + bastion.port()
            + "\n    user: "
            + TestSshServer.USER
            + "\n    known_hosts_file: known_hosts\n"
            + login
            + state
            + "exports:\n  - name: p\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 2000\n    parallelism: 1\n");
  }

  private static void assertExactlyTheSourcePublished(Path run) throws Exception {
    assertThat(run.resolve("_SUCCESS")).exists();
    try (Connection c = TestDatabase.connect()) {
      List<String> truth = ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
      assertThat(ExportedRows.csv(run, COLUMNS)).hasSameSizeAs(truth).isEqualTo(truth);
    }
  }
}
