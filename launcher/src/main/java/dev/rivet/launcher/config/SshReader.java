package dev.rivet.launcher.config;

import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SshCredentials;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code source.ssh} into an {@link SshRoute}: its {@code via} jump hosts in order, then the
 * server itself. A via hop without {@code user}, credentials, {@code known_hosts_file} or {@code
 * strict_host_key_checking} takes the ssh block's. Secrets are read from the environment variables
 * named here; only the names and the key file's path describe the route.
 */
final class SshReader {
  private static final List<String> KEYS = ConfigKeys.SSH.names();
  private static final List<String> HOP_KEYS = ConfigKeys.SSH_HOP.names();

  private SshReader() {}

  /** The route {@code source.ssh} describes, or null when the source has no ssh block. */
  static SshRoute read(ConfigMapping source) {
    if (!source.has("ssh")) {
      return null;
    }
    ConfigMapping ssh = source.get("ssh").mapping(KEYS);
    SshHop last = hop(ssh, null);
    List<SshHop> hops = new ArrayList<>();
    if (ssh.has("via")) {
      for (ConfigNode item : ssh.get("via").list()) {
        hops.add(hop(item.mapping(HOP_KEYS), last));
      }
    }
    hops.add(last);
    return new SshRoute(hops);
  }

  /** One hop; {@code inherit} (the ssh block's hop, for a via hop) supplies what is not set. */
  private static SshHop hop(ConfigMapping node, SshHop inherit) {
    if (!node.has("host")) {
      throw node.node()
          .error(
              "needs host",
              "add host: the SSH server's name or address under " + node.node().path());
    }
    String host = node.get("host").text();
    int port = node.has("port") ? (int) node.get("port").integer(1, 65535) : SshHop.DEFAULT_PORT;
    String user;
    if (node.has("user")) {
      user = node.get("user").text();
    } else if (inherit != null) {
      user = inherit.user();
    } else {
      throw node.node().error("needs user", "add user: the account to log in as on " + host);
    }
    SshCredentials credentials = credentials(node, inherit);
    String knownHosts =
        node.has("known_hosts_file")
            ? path(node.get("known_hosts_file")).toString()
            : inherit != null
                ? inherit.knownHostsFile()
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString();
    HostKeyCheck check =
        node.has("strict_host_key_checking")
            ? node.get("strict_host_key_checking")
                .choice(HostKeyCheck.values(), HostKeyCheck::wireValue)
            : inherit != null ? inherit.hostKeyCheck() : HostKeyCheck.YES;
    return new SshHop(host, port, user, credentials, knownHosts, check);
  }

  private static SshCredentials credentials(ConfigMapping node, SshHop inherit) {
    String way =
        node.oneOf(inherit == null, "private_key_file", "private_key_env", "password_env")
            .orElse(null);
    if (way == null) {
      if (node.has("passphrase_env")) {
        throw node.get("passphrase_env")
            .error(
                "needs private_key_file or private_key_env beside it",
                "add the key the passphrase unlocks, or remove passphrase_env");
      }
      return inherit.credentials();
    }
    String passphraseEnv = node.has("passphrase_env") ? node.get("passphrase_env").text() : null;
    String passphrase =
        passphraseEnv == null ? null : env(node.get("passphrase_env"), "passphrase");
    switch (way) {
      case "private_key_file":
        {
          ConfigNode file = node.get("private_key_file");
          Path path = path(file);
          if (!Files.isReadable(path)) {
            throw file.error(
                "file " + path + " does not exist or is not readable",
                "point private_key_file at the private key (OpenSSH or PEM) the SSH server"
                    + " accepts; relative paths start at the config file's directory");
          }
          return SshCredentials.keyFile(path.toString(), passphraseEnv, passphrase);
        }
      case "private_key_env":
        return SshCredentials.keyText(
            node.get("private_key_env").text(),
            env(node.get("private_key_env"), "private key"),
            passphraseEnv,
            passphrase);
      default:
        if (passphraseEnv != null) {
          throw node.get("passphrase_env")
              .error(
                  "cannot be combined with password_env (a passphrase unlocks a private key)",
                  "remove passphrase_env, or log in with private_key_file and passphrase_env");
        }
        return SshCredentials.password(
            node.get("password_env").text(), env(node.get("password_env"), "password"));
    }
  }

  /**
   * The path {@code node} names: {@code ~/} is the user's home, else as {@link
   * ConfigNode#filePath}.
   */
  private static Path path(ConfigNode node) {
    String text = node.text();
    if (text.equals("~") || text.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + text.substring(1));
    }
    return node.filePath();
  }

  /** The value of the environment variable {@code node} names; an error when unset or empty. */
  private static String env(ConfigNode node, String what) {
    String name = node.text();
    String value = node.file().env().get(name);
    if (value == null) {
      throw node.error(
          "environment variable '" + name + "' is not set",
          "export " + name + "=<" + what + "> before running rivet, or fix the variable name");
    }
    if (value.isEmpty()) {
      throw node.error(
          "environment variable '" + name + "' is set but empty",
          "set " + name + " to the " + what + "; a CI secret that does not exist expands to empty");
    }
    return value;
  }
}
