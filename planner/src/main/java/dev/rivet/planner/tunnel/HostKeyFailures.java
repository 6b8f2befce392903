package dev.rivet.planner.tunnel;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.source.SshHop;
import org.apache.sshd.client.session.ClientSession;

/** Turns a host key the verifier refused into the error that says what to do. */
final class HostKeyFailures {
  private HostKeyFailures() {}

  /**
   * Throws when {@code verifier} refused the hop's key, or when the session closed before it showed
   * one.
   */
  static void check(SshHop hop, HostKeyVerifier verifier, ClientSession session) {
    HostKeyVerifier.Refusal refusal = verifier.refusal();
    String file = hop.knownHostsFile();
    String scan =
        "ssh-keyscan"
            + (hop.port() == SshHop.DEFAULT_PORT ? "" : " -p " + hop.port())
            + " "
            + hop.host()
            + " >> "
            + file;
    if (refusal == HostKeyVerifier.Refusal.UNKNOWN) {
      throw new SshTunnelException(
          FailureKind.SOURCE_PERMANENT,
          hop,
          SshStep.HOST_KEY,
          "host key "
              + verifier.fingerprint()
              + " is not in known_hosts_file "
              + file
              + " and strict_host_key_checking is yes",
          "confirm the fingerprint with the server's administrator, then add the key ("
              + scan
              + "), or set strict_host_key_checking: accept-new to trust and record it on first"
              + " use",
          null);
    }
    if (refusal == HostKeyVerifier.Refusal.CHANGED) {
      throw new SshTunnelException(
          FailureKind.SOURCE_PERMANENT,
          hop,
          SshStep.HOST_KEY,
          "host key "
              + verifier.fingerprint()
              + " differs from the key known_hosts_file "
              + file
              + " lists for it: the server was replaced or someone is intercepting the connection",
          "find out why the key changed; if the change is expected, remove the old line for "
              + hop.host()
              + " from "
              + file
              + " and add the new key",
          null);
    }
    if (refusal == HostKeyVerifier.Refusal.UNREADABLE_FILE) {
      throw new SshTunnelException(
          FailureKind.USER_CONFIG,
          hop,
          SshStep.HOST_KEY,
          "cannot use known_hosts_file " + file + ": " + Tunnel.reason(verifier.fileError()),
          "point known_hosts_file at a readable (and, for accept-new, writable) OpenSSH"
              + " known_hosts file",
          verifier.fileError());
    }
    if (verifier.outcome() == null) {
      throw new SshTunnelException(
          FailureKind.SOURCE_TRANSIENT,
          hop,
          SshStep.HOST_KEY,
          session.isOpen()
              ? "the server did not finish the key exchange within "
                  + Tunnel.TIMEOUT.toSeconds()
                  + " s"
              : "the server closed the connection before showing its host key",
          "check that the port is an SSH server's and that it allows this client",
          null);
    }
  }
}
