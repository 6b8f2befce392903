package dev.rivet.planner.tunnel;

import java.util.List;

/**
 * The outcome of opening a tunnel step by step ({@link SshTunnels#check}).
 *
 * @param passed the steps that succeeded, in order
 * @param failure the step that failed after them, or null when the tunnel opened
 */
public record SshCheck(List<SshStepPassed> passed, SshTunnelException failure) {
  public SshCheck {
    passed = List.copyOf(passed);
  }
}
