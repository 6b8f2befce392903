package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.ssh.TestSshServer;
import dev.rivet.planner.tunnel.SshTunnels;
import dev.rivet.state.ChunkError;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports through {@code source.ssh}: a real SSH server in this JVM (Apache MINA SSHD) forwards to
 * the local PostgreSQL and MariaDB. Every export's output is compared with the source, row by row.
 */
@Tag("slow")
@Timeout(300)
class SshTunnelEndToEndTest {
  private static final String TABLE = "rivet_ssh_e2e_" + ProcessHandle.current().pid();
  private static final List<String> COLUMNS = List.of("id", "qty", "note");
  private static final int ROWS = 200_000;
  private static final String SELECT = "SELECT id, qty, note FROM " + TABLE;

  @TempDir Path dir;
  private final KeyPair userKey = TestSshServer.newKey();
  private final List<TestSshServer> servers = new ArrayList<>();
  private TestSshServer bastion;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty int NOT NULL, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, (g * 7) % 1000, CASE WHEN g % 17 = 0 THEN NULL"
            + " ELSE 'row ' || g || ' ' || repeat('x', 60) END FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE);
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty int NOT NULL, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT seq, (seq * 7) % 1000, IF(seq % 17 = 0, NULL, CONCAT('row ', seq))"
            + " FROM seq_1_to_20000");
  }

  @AfterAll
  static void dropTables() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
    TestMariaDb.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @BeforeEach
  void startBastion() throws Exception {
    bastion = server();
    TestSshServer.writePrivateKey(userKey, dir.resolve("id_ecdsa"), null);
    Files.writeString(dir.resolve("known_hosts"), bastion.knownHostsLine() + "\n");
  }

  @AfterEach
  void stopServers() {
    servers.forEach(TestSshServer::close);
  }

  private TestSshServer server() {
    TestSshServer server = TestSshServer.start(TestSshServer.newKey(), userKey.getPublic(), null);
    servers.add(server);
    return server;
  }

  @Test
  void shouldExportExactlyTheSourceRowsThroughOneTunnelOnEachRunnerAndCloseIt() throws Exception {
    for (String runner : List.of("direct", "flink")) {
      Path config = config(runner, TestDatabase.sourceYaml(), ssh(bastion, ""), "");
      int loginsBefore = bastion.logins();

      Cli.Result run = Cli.run("run", "-c", config.toString(), "--runner", runner);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(bastion.logins() - loginsBefore)
          .as("one tunnel for planning and every chunk (%s)", runner)
          .isEqualTo(1);
      assertThat(SshTunnels.openCount()).as("closed when the command ended").isZero();
      assertExactlyTheSourcePublished(runner, pgRows());
    }
  }

  @Test
  void shouldWriteExactlyTheSourceRowsToStandardOutputThroughTheTunnel() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("stdout.yaml"),
            TestDatabase.sourceYaml()
                + ssh(bastion, "")
                + "state: state.db\nexports:\n  - name: s\n    table: "
                + TABLE
                + "\n    format: csv\n    compression: none\n    destination: '-'\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path file = Files.writeString(dir.resolve("stdout.csv"), run.out());
    List<String> exported = ExportedRows.csvFile(file, COLUMNS);
    exported.sort(null);
    assertThat(exported).hasSize(ROWS).isEqualTo(pgRows());
  }

  @Test
  void shouldPublishExactlyTheSourceRowsWhenTheTunnelIsKilledMidRun() throws Exception {
    Matcher url = Pattern.compile("//([^/:?]+)(?::(\\d+))?(/.*)$").matcher(TestDatabase.URL);
    assertThat(url.find()).as(TestDatabase.URL).isTrue();
    int port = url.group(2) == null ? 5432 : Integer.parseInt(url.group(2));
    // The bastion forwards to the database through a counter, so the test knows rows are flowing.
    try (TcpForwarder db =
        TcpForwarder.start(
            new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress(url.group(1), port))) {
      String source =
          TestDatabase.sourceYaml()
              .replace(TestDatabase.URL, url.replaceFirst("//127.0.0.1:" + db.port() + "$3"));
      Path config =
          config(
              "killed",
              source,
              ssh(bastion, ""),
              "    retries: {attempts: 10, backoff: 500ms, max_backoff: 2s}\n");

      CompletableFuture<Cli.Result> running =
          CompletableFuture.supplyAsync(() -> Cli.run("run", "-c", config.toString()));
      Instant deadline = Instant.now().plusSeconds(120);
      while (db.carried() < 2_000_000 && !running.isDone() && Instant.now().isBefore(deadline)) {
        Thread.onSpinWait();
      }
      assertThat(running).as("still reading when the tunnel is killed").isNotDone();
      bastion.stop(); // every session and forwarded connection dies at once
      Thread.sleep(1_500); // the outage: chunks that connect now fail and are retried
      bastion.start();
      Cli.Result run = running.get(180, TimeUnit.SECONDS);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(bastion.logins()).as("the tunnel was opened again").isGreaterThanOrEqualTo(2);
      assertExactlyTheSourcePublished("killed", pgRows());
      List<ChunkError> errors = chunkErrors();
      assertThat(errors)
          .as("chunks failed by the kill were retried")
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("SOURCE_TRANSIENT"));
    }
  }

  @Test
  void shouldExportExactlyTheMariaDbRowsThroughAJumpHost() throws Exception {
    TestSshServer jump = server();
    Files.writeString(
        dir.resolve("known_hosts"), jump.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
    String via = "    via:\n      - host: 127.0.0.1\n        port: " + jump.port() + "\n";
    Path config = config("maria", TestMariaDb.sourceYaml(), ssh(bastion, via), "");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(jump.logins()).isEqualTo(1);
    assertThat(bastion.logins()).isEqualTo(1);
    List<String> truth;
    try (Connection c = TestMariaDb.connect()) {
      truth = ExportedRows.query(c, SELECT);
    }
    assertExactlyTheSourcePublished("maria", truth);
  }

  @Test
  void shouldRefuseAnUnknownHostKeyWithExitCode3AndSayWhatToDo() throws Exception {
    Files.writeString(dir.resolve("known_hosts"), "");
    Path config = config("refused", TestDatabase.sourceYaml(), ssh(bastion, ""), "");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.err())
        .contains("rivet: error: ssh rivet@127.0.0.1:" + bastion.port() + ": host key")
        .contains(KeyUtils.getFingerPrint(bastion.hostKey().getPublic()))
        .contains("hint: confirm the fingerprint")
        .contains("strict_host_key_checking: accept-new")
        .doesNotContain("\tat ");
    assertThat(bastion.logins()).isZero();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldCheckEachHopStepInDoctor() throws Exception {
    TestSshServer jump = server();
    Files.writeString(
        dir.resolve("known_hosts"), jump.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
    String via = "    via:\n      - host: 127.0.0.1\n        port: " + jump.port() + "\n";
    Path config = config("doc", TestDatabase.sourceYaml(), ssh(bastion, via), "");

    Cli.Result ok = Cli.run("doctor", "-c", config.toString());

    String j = "ssh rivet@127.0.0.1:" + jump.port();
    String b = "ssh rivet@127.0.0.1:" + bastion.port();
    assertThat(ok.out())
        .as(ok.toString())
        .containsPattern("PASS +" + Pattern.quote(j + " dns"))
        .containsPattern("PASS +" + Pattern.quote(j + " tcp"))
        .containsPattern("PASS +" + Pattern.quote(j + " host key"))
        .containsPattern("PASS +" + Pattern.quote(j + " auth"))
        .containsPattern("PASS +" + Pattern.quote(j + " forward"))
        .containsPattern("PASS +" + Pattern.quote(b + " tcp"))
        .containsPattern("PASS +" + Pattern.quote(b + " host key"))
        .containsPattern("PASS +" + Pattern.quote(b + " auth"))
        .containsPattern("PASS +" + Pattern.quote(b + " forward"))
        .containsPattern("PASS +source credentials");

    // The bastion's key is not known: its host key step fails, and the steps after it are skipped.
    Files.writeString(dir.resolve("known_hosts"), jump.knownHostsLine() + "\n");
    Cli.Result refused = Cli.run("doctor", "-c", config.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.out())
        .containsPattern("PASS +" + Pattern.quote(j + " forward"))
        .containsPattern("PASS +" + Pattern.quote(b + " tcp"))
        .containsPattern("FAIL +" + Pattern.quote(b + " host key"))
        .containsPattern("SKIP +" + Pattern.quote(b + " auth"))
        .containsPattern("SKIP +" + Pattern.quote(b + " forward"))
        .containsPattern("SKIP +source credentials");
  }

  @Test
  void shouldRefuseARemoteFlinkClusterWithExitCode2BeforeConnecting() throws Exception {
    Path config = config("remote", TestDatabase.sourceYaml(), ssh(bastion, ""), "");

    Cli.Result run =
        Cli.run("run", "-c", config.toString(), "--runner", "flink", "--flink-master", "jm:8081");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("source.ssh is not supported with --flink-master jm:8081")
        .contains("hint: run without --flink-master");
    assertThat(bastion.logins()).isZero();
  }

  private String ssh(TestSshServer server, String via) {
    return "  ssh:\n"
        + "    host: 127.0.0.1\n"
        + "    port: "
        + server.port()
        + "\n"
        + "    user: "
        + TestSshServer.USER
        + "\n"
        + "    private_key_file: id_ecdsa\n"
        + "    known_hosts_file: known_hosts\n"
        + via;
  }

  private Path config(String name, String source, String ssh, String exportKeys) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        source
            + ssh
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: "
            + name
            + "\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 10000\n    parallelism: 2\n"
            + exportKeys);
  }

  private static List<String> pgRows() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, SELECT);
    }
  }

  private void assertExactlyTheSourcePublished(String export, List<String> truth) throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), export);
    assertThat(runs).as("run folders").hasSize(1);
    assertThat(runs.get(0).resolve("_SUCCESS")).exists();
    List<String> exported = ExportedRows.csv(runs.get(0), COLUMNS);
    assertThat(exported).hasSameSizeAs(truth).isEqualTo(truth);
  }

  private List<ChunkError> chunkErrors() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      return store.chunkErrors(store.runs(null, 1).get(0).runId());
    }
  }
}
