package dev.rivet.launcher.doctor;

import java.util.List;

/**
 * The DNS and TCP lines of a report, and what they tell the checks after them.
 *
 * @param reachable whether some endpoint accepted a TCP connection, or the endpoints were unknown
 *     (so the login check should try anyway)
 * @param loopbackOnly whether every endpoint resolved to this machine only
 */
record Reachability(List<CheckResult> checks, boolean reachable, boolean loopbackOnly) {
  Reachability {
    checks = List.copyOf(checks);
  }
}
