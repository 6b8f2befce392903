package dev.rivet.planner.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SshCredentials;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.kernel.testing.ssh.TestSshServer;
import dev.rivet.planner.connect.SourceConnector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source connections through real SSH servers in this JVM that forward to the local PostgreSQL and
 * MariaDB: each way to log in, each host key refusal, a jump host, and a tunnel that drops.
 */
class SshTunnelTest {
  private static final String PASSWORD = "tunnel-pass-" + ProcessHandle.current().pid();
  private static final String PASSPHRASE = "key-phrase-" + ProcessHandle.current().pid();

  @TempDir Path dir;
  private final KeyPair hostKey = TestSshServer.newKey();
  private final KeyPair userKey = TestSshServer.newKey();
  private final List<TestSshServer> servers = new ArrayList<>();
  private TestSshServer bastion;
  private Path knownHosts;
  private Path keyFile;

  @BeforeEach
  void startBastion() throws Exception {
    bastion = server(hostKey);
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, bastion.knownHostsLine() + "\n");
    keyFile = TestSshServer.writePrivateKey(userKey, dir.resolve("id_ecdsa"), null);
  }

  @AfterEach
  void closeTunnelsAndServers() {
    SshTunnels.closeAll();
    servers.forEach(TestSshServer::close);
  }

  private TestSshServer server(KeyPair key) {
    TestSshServer server = TestSshServer.start(key, userKey.getPublic(), PASSWORD);
    servers.add(server);
    return server;
  }

  private SshHop hop(TestSshServer server, SshCredentials credentials, HostKeyCheck check) {
    return new SshHop(
        "127.0.0.1", server.port(), TestSshServer.USER, credentials, knownHosts.toString(), check);
  }

  private SshHop keyHop(TestSshServer server) {
    return hop(server, SshCredentials.keyFile(keyFile.toString(), null, null), HostKeyCheck.YES);
  }

  private static SourceConnection postgres(SshHop... hops) {
    TestServer db = TestServers.postgres();
    return new SourceConnection(db.url(), db.user(), db.password())
        .withSsh(new SshRoute(List.of(hops)));
  }

  private static String serverPort(SourceConnection source, String sql) throws SQLException {
    try (Connection c = SourceConnector.open(source);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static final String PG_PROBE = "SELECT current_database() || ':' || current_user";

  private static String direct(TestServer db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void shouldReachPostgresThroughOneSharedTunnelLoggedInWithAKeyFile() throws Exception {
    SourceConnection source = postgres(keyHop(bastion));

    String expected = direct(TestServers.postgres(), PG_PROBE);
    for (int i = 0; i < 3; i++) {
      assertThat(serverPort(source, PG_PROBE)).isEqualTo(expected);
    }

    assertThat(bastion.logins()).as("one tunnel serves every connection").isEqualTo(1);
    assertThat(SshTunnels.openCount()).isEqualTo(1);
    SshTunnels.closeAll();
    assertThat(SshTunnels.openCount()).isZero();
  }

  @Test
  void shouldReachMariaDbThroughATunnelLoggedInWithAPassword() throws Exception {
    TestServer db = TestServers.mariaDb();
    SshHop hop = hop(bastion, SshCredentials.password("SSH_PW", PASSWORD), HostKeyCheck.YES);
    SourceConnection source =
        new SourceConnection(db.url(), db.user(), db.password())
            .withSsh(new SshRoute(List.of(hop)));

    String sql = "SELECT CONCAT(DATABASE(), ':', @@port)";
    assertThat(serverPort(source, sql)).isEqualTo(direct(db, sql));
  }

  @Test
  void shouldLogInWithAnEncryptedKeyAndItsPassphrase() throws Exception {
    Path encrypted = TestSshServer.writePrivateKey(userKey, dir.resolve("id_enc"), PASSPHRASE);
    SshHop hop =
        hop(
            bastion,
            SshCredentials.keyFile(encrypted.toString(), "SSH_PHRASE", PASSPHRASE),
            HostKeyCheck.YES);

    assertThat(serverPort(postgres(hop), PG_PROBE))
        .isEqualTo(direct(TestServers.postgres(), PG_PROBE));
  }

  @Test
  void shouldLogInWithKeyTextFromTheEnvironment() throws Exception {
    String text = Files.readString(keyFile);
    SshHop hop =
        hop(bastion, SshCredentials.keyText("SSH_KEY", text, null, null), HostKeyCheck.YES);

    assertThat(serverPort(postgres(hop), PG_PROBE))
        .isEqualTo(direct(TestServers.postgres(), PG_PROBE));
  }

  @Test
  void shouldLogInWithAnEd25519KeyToAServerWithAnEd25519HostKey() throws Exception {
    KeyPair ed25519 = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    TestSshServer server =
        TestSshServer.start(
            KeyUtils.generateKeyPair("ssh-ed25519", 256), ed25519.getPublic(), null);
    servers.add(server);
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    Path file = TestSshServer.writePrivateKey(ed25519, dir.resolve("id_ed25519"), null);
    SshHop hop = hop(server, SshCredentials.keyFile(file.toString(), null, null), HostKeyCheck.YES);

    assertThat(serverPort(postgres(hop), PG_PROBE))
        .isEqualTo(direct(TestServers.postgres(), PG_PROBE));
    assertThat(Files.readString(knownHosts))
        .startsWith("[127.0.0.1]:" + server.port() + " ssh-ed25519 ");
  }

  @Test
  void shouldRefuseAnEncryptedKeyWithAWrongPassphraseAsAConfigError() {
    Path encrypted = TestSshServer.writePrivateKey(userKey, dir.resolve("id_enc"), PASSPHRASE);
    SshHop hop =
        hop(
            bastion,
            SshCredentials.keyFile(encrypted.toString(), "SSH_PHRASE", "not-the-phrase"),
            HostKeyCheck.YES);

    assertThatThrownBy(() -> SourceConnector.open(postgres(hop)))
        .isInstanceOfSatisfying(
            SshTunnelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.step()).isEqualTo(SshStep.AUTH);
              assertThat(e.getMessage()).contains("id_enc").contains("$SSH_PHRASE");
              assertThat(e.getMessage() + e.hint()).doesNotContain("not-the-phrase");
            });
    assertThat(bastion.logins()).isZero();
  }

  @Test
  void shouldRefuseAnUnknownHostKeyNamingTheHostAndFingerprint() throws Exception {
    Files.writeString(knownHosts, "");

    assertThatThrownBy(() -> SourceConnector.open(postgres(keyHop(bastion))))
        .isInstanceOfSatisfying(
            SshTunnelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
              assertThat(e.step()).isEqualTo(SshStep.HOST_KEY);
              assertThat(e.getMessage())
                  .contains("127.0.0.1:" + bastion.port())
                  .contains(KeyUtils.getFingerPrint(hostKey.getPublic()))
                  .contains("is not in known_hosts_file " + knownHosts);
              assertThat(e.hint())
                  .contains("ssh-keyscan -p " + bastion.port() + " 127.0.0.1 >> " + knownHosts)
                  .contains("accept-new");
            });
    assertThat(bastion.logins()).as("no credentials go to an unverified host").isZero();
  }

  @Test
  void shouldMatchAHashedKnownHostsLine() throws Exception {
    // OpenSSH's HashKnownHosts form: |1|base64(salt)|base64(HMAC-SHA1(salt, "[host]:port")).
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(("[127.0.0.1]:" + bastion.port()).getBytes(StandardCharsets.UTF_8));
    Base64.Encoder base64 = Base64.getEncoder();
    Files.writeString(
        knownHosts,
        "|1|"
            + base64.encodeToString(salt)
            + "|"
            + base64.encodeToString(hash)
            + " "
            + PublicKeyEntry.toString(hostKey.getPublic())
            + "\n");

    assertThat(serverPort(postgres(keyHop(bastion)), PG_PROBE))
        .isEqualTo(direct(TestServers.postgres(), PG_PROBE));
  }

  @Test
  void shouldTrustAndRecordANewHostKeyWithAcceptNew() throws Exception {
    Files.delete(knownHosts);
    SshHop hop =
        hop(
            bastion,
            SshCredentials.keyFile(keyFile.toString(), null, null),
            HostKeyCheck.ACCEPT_NEW);

    assertThat(serverPort(postgres(hop), PG_PROBE))
        .isEqualTo(direct(TestServers.postgres(), PG_PROBE));

    assertThat(Files.readString(knownHosts))
        .isEqualTo(bastion.knownHostsLine() + System.lineSeparator());
  }

  @Test
  void shouldRefuseAChangedHostKeyEvenWithoutStrictChecking() throws Exception {
    KeyPair otherKey = TestSshServer.newKey();
    Files.writeString(knownHosts, bastion.knownHostsLine(otherKey.getPublic()) + "\n");

    for (HostKeyCheck check : HostKeyCheck.values()) {
      SshHop hop = hop(bastion, SshCredentials.keyFile(keyFile.toString(), null, null), check);
      assertThatThrownBy(() -> SourceConnector.open(postgres(hop)))
          .as("strict_host_key_checking: %s", check.wireValue())
          .isInstanceOfSatisfying(
              SshTunnelException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
                assertThat(e.step()).isEqualTo(SshStep.HOST_KEY);
                assertThat(e.getMessage())
                    .contains(KeyUtils.getFingerPrint(hostKey.getPublic()))
                    .contains("differs from the key known_hosts_file");
              });
    }
    assertThat(bastion.logins()).isZero();
  }

  @Test
  void shouldRefuseAKeyTheServerDoesNotAcceptAsPermanent() {
    Path wrong =
        TestSshServer.writePrivateKey(TestSshServer.newKey(), dir.resolve("id_wrong"), null);
    SshHop hop =
        hop(bastion, SshCredentials.keyFile(wrong.toString(), null, null), HostKeyCheck.YES);

    assertThatThrownBy(() -> SourceConnector.open(postgres(hop)))
        .isInstanceOfSatisfying(
            SshTunnelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
              assertThat(e.step()).isEqualTo(SshStep.AUTH);
              assertThat(e.getMessage())
                  .contains("ssh rivet@127.0.0.1:" + bastion.port())
                  .contains("login as rivet with private key " + wrong + " refused");
            });
  }

  @Test
  void shouldRefuseAWrongPasswordWithoutShowingIt() {
    SshHop hop =
        hop(bastion, SshCredentials.password("SSH_PW", "wrong-password-1"), HostKeyCheck.YES);

    assertThatThrownBy(() -> SourceConnector.open(postgres(hop)))
        .isInstanceOfSatisfying(
            SshTunnelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
              assertThat(e.getMessage()).contains("password from $SSH_PW refused");
              assertThat(e.getMessage() + e.hint()).doesNotContain("wrong-password-1");
            });
  }

  @Test
  void shouldReachTheDatabaseThroughAJumpHost() throws Exception {
    KeyPair jumpKey = TestSshServer.newKey();
    TestSshServer jump = server(jumpKey);
    Files.writeString(knownHosts, jump.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");

    SourceConnection source = postgres(keyHop(jump), keyHop(bastion));

    assertThat(serverPort(source, PG_PROBE)).isEqualTo(direct(TestServers.postgres(), PG_PROBE));
    assertThat(jump.logins()).isEqualTo(1);
    assertThat(bastion.logins()).isEqualTo(1);
  }

  @Test
  void shouldCheckTheHostKeyOfAHopBehindAJumpHostByItsOwnName() throws Exception {
    TestSshServer jump = server(TestSshServer.newKey());
    Files.writeString(knownHosts, jump.knownHostsLine() + "\n"); // the bastion is unknown

    assertThatThrownBy(() -> SourceConnector.open(postgres(keyHop(jump), keyHop(bastion))))
        .isInstanceOfSatisfying(
            SshTunnelException.class,
            e -> {
              assertThat(e.step()).isEqualTo(SshStep.HOST_KEY);
              assertThat(e.hop()).isEqualTo("rivet@127.0.0.1:" + bastion.port());
            });
  }

  @Test
  void shouldOpenTheTunnelAgainAfterItDropped() throws Exception {
    SourceConnection source = postgres(keyHop(bastion));
    String expected = direct(TestServers.postgres(), PG_PROBE);
    assertThat(serverPort(source, PG_PROBE)).isEqualTo(expected);

    bastion.stop();
    assertThatThrownBy(() -> serverPort(source, PG_PROBE))
        .as("while the bastion is down")
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT));
    bastion.start();

    assertThat(serverPort(source, PG_PROBE)).isEqualTo(expected);
    assertThat(bastion.logins()).isEqualTo(2);
  }

  @Test
  void shouldReportEachPassedStepAndTheFailingOneForDoctor() throws Exception {
    SshCheck ok =
        SshTunnels.check(
            new SshRoute(List.of(keyHop(bastion))),
            SourceConnector.target(postgres(keyHop(bastion)), dialect()));
    assertThat(ok.failure()).isNull();
    assertThat(ok.passed())
        .extracting(SshStepPassed::step)
        .containsExactly(SshStep.DNS, SshStep.TCP, SshStep.HOST_KEY, SshStep.AUTH, SshStep.FORWARD);

    SshCheck closedPort =
        SshTunnels.check(
            new SshRoute(List.of(keyHop(bastion))),
            new dev.rivet.planner.dialect.Endpoint("127.0.0.1", 1));
    assertThat(closedPort.failure().step()).isEqualTo(SshStep.FORWARD);
    assertThat(closedPort.failure().getMessage()).contains("cannot forward to 127.0.0.1:1");
    assertThat(SshTunnels.openCount()).as("doctor leaves no tunnel open").isZero();
  }

  @Test
  void shouldNameAHostThatDoesNotResolveAndAPortWithoutAnSshServer() throws Exception {
    SshCredentials key = SshCredentials.keyFile(keyFile.toString(), null, null);
    dev.rivet.planner.dialect.Endpoint db =
        new dev.rivet.planner.dialect.Endpoint("127.0.0.1", 5432);
    SshHop unknown =
        new SshHop(
            "no-such-host.invalid", 22, "rivet", key, knownHosts.toString(), HostKeyCheck.YES);
    SshCheck dns = SshTunnels.check(new SshRoute(List.of(unknown)), db);
    assertThat(dns.passed()).isEmpty();
    assertThat(dns.failure().step()).isEqualTo(SshStep.DNS);
    assertThat(dns.failure().kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(dns.failure().getMessage())
        .contains("host name no-such-host.invalid does not resolve");

    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SshHop nobody =
        new SshHop("127.0.0.1", closedPort, "rivet", key, knownHosts.toString(), HostKeyCheck.YES);
    SshCheck tcp = SshTunnels.check(new SshRoute(List.of(nobody)), db);
    assertThat(tcp.passed()).extracting(SshStepPassed::step).containsExactly(SshStep.DNS);
    assertThat(tcp.failure().step()).isEqualTo(SshStep.TCP);
    assertThat(tcp.failure().kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(tcp.failure().getMessage()).contains("cannot connect: Connection refused");
  }

  private static dev.rivet.planner.dialect.Dialect dialect() {
    return dev.rivet.planner.dialect.Dialect.of(dev.rivet.kernel.source.SourceKind.POSTGRESQL);
  }
}
