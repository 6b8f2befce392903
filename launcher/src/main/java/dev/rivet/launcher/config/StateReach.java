package dev.rivet.launcher.config;

import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.SshRoute;
import java.util.List;
import java.util.Objects;

/**
 * How the PostgreSQL state store is reached: the {@code tls} and {@code ssh} keys of the mapping
 * form of {@code state}. They apply to whichever URL names the store, the file's {@code state.url}
 * or {@code RIVET_STATE_URL}.
 *
 * @param tls the {@code state.tls} section ({@link SourceTls#configured()} false when absent)
 * @param ssh the {@code state.ssh} route, or null for a direct connection
 */
public record StateReach(SourceTls tls, SshRoute ssh) {
  /** A state store reached directly, with the URL's own TLS parameters. */
  public static final StateReach DIRECT = new StateReach(SourceTls.NONE, null);

  public StateReach {
    Objects.requireNonNull(tls, "tls");
  }

  /** The secrets of the SSH route (passwords and passphrases read from the environment). */
  List<String> secrets() {
    return ssh == null ? List.of() : ssh.secrets();
  }
}
