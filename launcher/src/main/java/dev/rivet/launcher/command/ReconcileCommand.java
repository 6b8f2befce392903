package dev.rivet.launcher.command;

import dev.rivet.launcher.audit.AuditTarget;
import dev.rivet.launcher.audit.AuditVerdict;
import dev.rivet.launcher.audit.ReconcileOutput;
import dev.rivet.launcher.audit.ReconcileReport;
import dev.rivet.launcher.audit.RunAudit;
import dev.rivet.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet reconcile}: counts the source rows of each chunk range of a succeeded run and
 * compares them with the rows written for the chunk; exits 8 when any chunk differs. Reads only.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description =
        "Count the source rows in each chunk's key range (one count per chunk) and compare them"
            + " with the rows the run wrote. Exact only if the source did not change since the"
            + " run. Exit code 8 on any mismatch.")
final class ReconcileCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--run",
      paramLabel = "RUN_ID",
      description = "Run to reconcile (default: the newest succeeded run of the config's exports).")
  String runId;

  @Option(
      names = "--export",
      paramLabel = "NAME",
      description = "Reconcile the newest succeeded run of this export.")
  String export;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (StateStore store = config.openState()) {
      AuditTarget target = AuditTarget.select(store, runId, export, config.exportNames(export));
      ReconcileReport report = RunAudit.reconcile(store, config.config().source(), target);
      ReconcileOutput.print(report, output.format, spec.commandLine().getOut());
      return AuditVerdict.of(report.matches()).exitCode();
    }
  }
}
