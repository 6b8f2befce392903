package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.output.FindingText;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.Preflight;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.Severity;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * The preflight check {@code rivet run} makes of each plan before it reads a row: an export judged
 * UNSAFE for its source is refused unless the user forces it. Costs a few catalog queries and two
 * EXPLAINs; no data row is read.
 */
public final class PreflightGate {
  private final Clock clock;
  private final boolean force;

  /**
   * @param force run UNSAFE exports anyway, with a warning
   */
  public PreflightGate(Clock clock, boolean force) {
    this.clock = clock;
    this.force = force;
  }

  /**
   * Lets {@code plan} run, or abandons its stored run and throws when preflight judges it UNSAFE
   * and the user did not force it.
   *
   * @return the verdict the export runs under (UNSAFE only when forced)
   * @throws RivetException of kind {@link FailureKind#UNSAFE_FOR_SOURCE}, listing the critical
   *     findings and their fixes
   */
  public Verdict admit(
      SourceConnection source, ExportPlan plan, StateStore store, PrintWriter err) {
    PreflightReport report = new Preflight(clock).check(source, plan);
    if (!report.unsafe()) {
      return report.verdict();
    }
    String critical =
        report.findings().stream()
            .filter(f -> f.severity() == Severity.CRITICAL)
            .map(PreflightGate::describe)
            .collect(Collectors.joining("; "));
    if (force) {
      err.printf(
          "export %s: preflight says UNSAFE for the source (%s); running anyway (--force)%n",
          plan.export().name(), critical);
      err.flush();
      return report.verdict();
    }
    store.runAbandoned(plan.runId(), "refused: preflight judged the export UNSAFE: " + critical);
    throw new RivetException(
        FailureKind.UNSAFE_FOR_SOURCE,
        "export '"
            + plan.export().name()
            + "': preflight judged it UNSAFE for the source, so no row was read: "
            + critical,
        "apply the fixes (rivet check -c <config> --export "
            + plan.export().name()
            + " shows the details), or pass --force to run it anyway");
  }

  private static String describe(Finding finding) {
    FindingText text = FindingText.of(finding);
    return text.message() + " (fix: " + text.fix() + ")";
  }
}
