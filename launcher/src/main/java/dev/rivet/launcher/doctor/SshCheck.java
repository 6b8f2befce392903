package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.tunnel.SshStep;
import dev.rivet.planner.tunnel.SshStepPassed;
import dev.rivet.planner.tunnel.SshTunnelException;
import dev.rivet.planner.tunnel.SshTunnels;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the source's SSH tunnel hop by hop and closes it again: one line per hop and step (DNS of
 * the first hop, TCP, host key, auth, forward to the next hop or the database), the first failure a
 * FAIL and every step after it a SKIP. Replaces the direct DNS and TCP checks for a source behind
 * SSH.
 */
final class SshCheck {
  static final String PREFIX = "ssh ";

  private SshCheck() {}

  /** The lines, and whether the tunnel opened (so the login check can go through it). */
  static Reachability run(SourceConnection source, Dialect dialect) {
    SshRoute route = source.ssh();
    Endpoint target;
    try {
      target = SourceConnector.target(source, dialect);
    } catch (RivetException e) {
      return new Reachability(List.of(CheckResult.fail(PREFIX + "forward", e)), false, false);
    }
    dev.rivet.planner.tunnel.SshCheck check = SshTunnels.check(route, target);
    List<CheckResult> checks = new ArrayList<>();
    for (SshStepPassed step : check.passed()) {
      checks.add(CheckResult.pass(name(step.hop(), step.step()), step.detail()));
    }
    SshTunnelException failure = check.failure();
    if (failure != null) {
      checks.add(CheckResult.fail(name(failure.hop(), failure.step()), failure));
      boolean after = false;
      for (int i = 0; i < route.hops().size(); i++) {
        SshHop hop = route.hops().get(i);
        for (SshStep step : SshStep.values()) {
          if (step == SshStep.DNS && i > 0) {
            continue; // a later hop's name is resolved by the hop before it
          }
          if (after) {
            checks.add(
                CheckResult.skip(
                    name(hop.label(), step),
                    failure.hop() + " " + failure.step().label() + " failed"));
          }
          after |= hop.label().equals(failure.hop()) && step == failure.step();
        }
      }
    }
    return new Reachability(checks, failure == null, false);
  }

  private static String name(String hop, SshStep step) {
    return PREFIX + hop + " " + step.label();
  }
}
