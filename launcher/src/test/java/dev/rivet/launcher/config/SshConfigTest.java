package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.launcher.output.SecretMasking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source.ssh}: what it reads, what it inherits, what it refuses, what it masks. */
class SshConfigTest {
  private static final String KEY_TEXT =
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS\n"
          + "-----END OPENSSH PRIVATE KEY-----\n";
  private static final String EXPORTS = "exports: [{name: a, table: a, destination: o}]\n";

  @TempDir Path dir;

  @AfterEach
  void forget() {
    SecretMasking.forgetAll();
  }

  private SourceConnection load(String ssh, Map<String, String> env) {
    Path file =
        ConfigFiles.write(
            dir,
            "rivet.yaml",
            "source:\n  url: postgresql://app@db.internal/shop\n" + ssh + EXPORTS);
    return ConfigLoader.load(file, env).source();
  }

  @Test
  void shouldReadTheHopsInOrderWithViaHopsInheritingWhatTheyDoNotSet() throws Exception {
    Files.writeString(dir.resolve("id_bastion"), "not parsed at load");
    SourceConnection source =
        load(
            "  ssh:\n"
                + "    host: bastion.example.com\n"
                + "    port: 2222\n"
                + "    user: deploy\n"
                + "    private_key_file: id_bastion\n"
                + "    passphrase_env: PHRASE\n"
                + "    known_hosts_file: hosts/known\n"
                + "    strict_host_key_checking: no\n"
                + "    via:\n"
                + "      - host: jump1.example.com\n"
                + "      - host: jump2.example.com\n"
                + "        user: other\n"
                + "        password_env: JUMP_PW\n"
                + "        strict_host_key_checking: accept-new\n",
            Map.of("PHRASE", "phrase-secret-1", "JUMP_PW", "jump-secret-2"));

    SshRoute route = source.ssh();
    assertThat(route.describe())
        .isEqualTo(
            "deploy@jump1.example.com:22 -> other@jump2.example.com:22"
                + " -> deploy@bastion.example.com:2222");
    SshHop bastion = route.tunnelHost();
    assertThat(bastion.credentials().privateKeyFile())
        .isEqualTo(dir.resolve("id_bastion").toString());
    assertThat(bastion.credentials().passphrase()).isEqualTo("phrase-secret-1");
    assertThat(bastion.knownHostsFile()).isEqualTo(dir.resolve("hosts/known").toString());
    assertThat(bastion.hostKeyCheck()).isEqualTo(HostKeyCheck.NO);
    SshHop jump1 = route.hops().get(0);
    assertThat(jump1.credentials()).isEqualTo(bastion.credentials());
    assertThat(jump1.knownHostsFile()).isEqualTo(bastion.knownHostsFile());
    assertThat(jump1.hostKeyCheck()).isEqualTo(HostKeyCheck.NO);
    SshHop jump2 = route.hops().get(1);
    assertThat(jump2.credentials().password()).isEqualTo("jump-secret-2");
    assertThat(jump2.hostKeyCheck()).isEqualTo(HostKeyCheck.ACCEPT_NEW);
    assertThat(source.toString() + route + bastion + jump2)
        .contains("$PHRASE")
        .contains("$JUMP_PW")
        .doesNotContain("phrase-secret-1")
        .doesNotContain("jump-secret-2");
  }

  @Test
  void shouldDefaultToPort22StrictCheckingAndTheUsersKnownHosts() {
    SourceConnection source =
        load(
            "  ssh: {host: bastion, user: deploy, password_env: PW}\n",
            Map.of("PW", "pw-secret-3"));

    SshHop hop = source.ssh().tunnelHost();
    assertThat(hop.port()).isEqualTo(22);
    assertThat(hop.hostKeyCheck()).isEqualTo(HostKeyCheck.YES);
    assertThat(hop.knownHostsFile())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString());
  }

  @Test
  void shouldMaskThePasswordPassphraseAndEveryLineOfTheKeyInEverythingPrinted() {
    load(
        "  ssh:\n    host: bastion\n    user: deploy\n    private_key_env: KEY\n"
            + "    passphrase_env: PHRASE\n    via: [{host: jump, password_env: PW}]\n",
        Map.of("KEY", KEY_TEXT, "PHRASE", "phrase-secret-4", "PW", "pw-secret-5"));

    String keyLine = KEY_TEXT.split("\n")[1];
    assertThat(
            SecretMasking.mask(
                "failed: phrase-secret-4 / pw-secret-5 / " + keyLine + " / " + KEY_TEXT))
        .doesNotContain("phrase-secret-4")
        .doesNotContain("pw-secret-5")
        .doesNotContain(keyLine)
        .contains("***");
  }

  @Test
  void shouldRefuseTwoWaysToLogIn() {
    ConfigException e =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n  ssh:\n    host: b\n    user: u\n"
                + "    password_env: PW\n    private_key_env: KEY\n"
                + EXPORTS,
            Map.of("PW", "x", "KEY", "y"));

    assertThat(e.getMessage())
        .contains("source.ssh.")
        .contains("mutually exclusive: private_key_file, private_key_env, password_env");
  }

  @Test
  void shouldRequireAWayToLogInUserAndHost() {
    assertThat(
            loadError(
                    dir,
                    "source:\n  url: postgresql://app@db/shop\n  ssh: {host: b, user: u}\n"
                        + EXPORTS)
                .getMessage())
        .contains("source.ssh: needs one of private_key_file, private_key_env, password_env");
    assertThat(
            loadError(
                    dir,
                    "source:\n  url: postgresql://app@db/shop\n  ssh: {host: b, password_env: P}\n"
                        + EXPORTS,
                    Map.of("P", "x"))
                .getMessage())
        .contains("source.ssh: needs user");
    assertThat(
            loadError(
                    dir,
                    "source:\n  url: postgresql://app@db/shop\n  ssh: {user: u, password_env: P}\n"
                        + EXPORTS,
                    Map.of("P", "x"))
                .getMessage())
        .contains("source.ssh: needs host");
  }

  @Test
  void shouldNameAnUnsetVariableAndAMissingKeyFile() {
    ConfigException unset =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n  ssh: {host: b, user: u, password_env: NOPE}\n"
                + EXPORTS);
    assertThat(unset.getMessage())
        .contains("source.ssh.password_env: environment variable 'NOPE' is not set");

    ConfigException missing =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n"
                + "  ssh: {host: b, user: u, private_key_file: keys/none}\n"
                + EXPORTS);
    assertThat(missing.getMessage())
        .contains("source.ssh.private_key_file: file " + dir.resolve("keys/none"))
        .contains("does not exist or is not readable");
  }

  @Test
  void shouldRefuseAPassphraseWithAPassword() {
    ConfigException e =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n"
                + "  ssh: {host: b, user: u, password_env: P, passphrase_env: Q}\n"
                + EXPORTS,
            Map.of("P", "x", "Q", "y"));

    assertThat(e.getMessage())
        .contains("source.ssh.passphrase_env: cannot be combined with password_env");
  }

  @Test
  void shouldListTheValidHostKeyChecksAndSshKeys() {
    ConfigException badCheck =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n"
                + "  ssh: {host: b, user: u, password_env: P, strict_host_key_checking: acept-new}\n"
                + EXPORTS,
            Map.of("P", "x"));
    assertThat(badCheck.getMessage())
        .contains("did you mean 'accept-new'")
        .contains("valid: yes, accept-new, no");

    ConfigException unknown =
        loadError(
            dir,
            "source:\n  url: postgresql://app@db/shop\n"
                + "  ssh: {host: b, user: u, password_env: P, identity_file: k}\n"
                + EXPORTS,
            Map.of("P", "x"));
    assertThat(unknown.getMessage())
        .contains("source.ssh.identity_file: unknown key")
        .contains("private_key_file")
        .contains("via");
  }
}
