package dev.rivet.planner.tunnel;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SshHop;

/** A tunnel that could not be opened: which hop, at which step, and what to do. */
public final class SshTunnelException extends RivetException {
  private static final long serialVersionUID = 1L;

  private final SshStep step;
  private final String hop;

  SshTunnelException(
      FailureKind kind, SshHop hop, SshStep step, String message, String hint, Throwable cause) {
    super(kind, "ssh " + hop.label() + ": " + message, hint, cause);
    this.step = step;
    this.hop = hop.label();
  }

  /** The step that failed. */
  public SshStep step() {
    return step;
  }

  /** The hop that failed, as {@code user@host:port}. */
  public String hop() {
    return hop;
  }
}
