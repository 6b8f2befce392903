package dev.rivet.kernel.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SSH servers a source is reached through: the jump hosts in order, then the server that
 * forwards to the database. Never empty.
 */
public record SshRoute(List<SshHop> hops) implements Serializable {
  public SshRoute {
    hops = List.copyOf(hops);
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("an SSH route has at least one hop");
    }
  }

  /** The server that forwards to the database (the last hop). */
  public SshHop tunnelHost() {
    return hops.get(hops.size() - 1);
  }

  /** Every secret of every hop, for masking. */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    hops.forEach(hop -> secrets.addAll(hop.credentials().secrets()));
    return List.copyOf(secrets);
  }

  /** The hops as {@code user@jump:22 -> user@bastion:22}. */
  public String describe() {
    return hops.stream().map(SshHop::label).collect(Collectors.joining(" -> "));
  }

  @Override
  public String toString() {
    return "SshRoute[" + describe() + "]";
  }
}
