package dev.rivet.planner.tunnel;

import java.util.Objects;

/**
 * One step of opening a tunnel that succeeded, for {@code rivet doctor}.
 *
 * @param hop the hop as {@code user@host:port}
 * @param detail what was found (an address, a key fingerprint), without secrets
 */
public record SshStepPassed(String hop, SshStep step, String detail) {
  public SshStepPassed {
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(detail, "detail");
  }
}
