package dev.rivet.planner.tunnel;

/** The steps of reaching one SSH hop and forwarding through it, in the order they are taken. */
public enum SshStep {
  /**
   * The hop's host name resolves (the first hop only: later ones are resolved by the hop before).
   */
  DNS("dns"),
  /** A TCP connection to the hop's SSH port opens and the SSH handshake starts. */
  TCP("tcp"),
  /** The hop's host key is the one {@code known_hosts_file} lists, or is trusted by policy. */
  HOST_KEY("host key"),
  /** The hop accepts the user's key or password. */
  AUTH("auth"),
  /** The hop opens a forwarded connection to the next hop or to the database. */
  FORWARD("forward");

  private final String label;

  SshStep(String label) {
    this.label = label;
  }

  /** The step's name in doctor lines and messages. */
  public String label() {
    return label;
  }
}
