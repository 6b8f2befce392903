package dev.rivet.kernel.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * One SSH server on the way to the source: where it listens, who logs in and how, and how its host
 * key is checked. Holds no secret in {@link #toString()}.
 *
 * @param knownHostsFile the OpenSSH {@code known_hosts} file the host key is checked against
 */
public record SshHop(
    String host,
    int port,
    String user,
    SshCredentials credentials,
    String knownHostsFile,
    HostKeyCheck hostKeyCheck)
    implements Serializable {
  /** The port SSH servers listen on unless told otherwise. */
  public static final int DEFAULT_PORT = 22;

  public SshHop {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(knownHostsFile, "knownHostsFile");
    Objects.requireNonNull(hostKeyCheck, "hostKeyCheck");
    if (host.isBlank()) {
      throw new IllegalArgumentException("an SSH host is not blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port " + port + " is outside 1..65535");
    }
  }

  /** {@code user@host:port}, as messages name the hop. */
  public String label() {
    return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return "SshHop[" + label() + ", " + credentials.describe() + "]";
  }
}
