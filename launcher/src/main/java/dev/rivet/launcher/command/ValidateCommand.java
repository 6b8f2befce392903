package dev.rivet.launcher.command;

import dev.rivet.launcher.audit.AuditTarget;
import dev.rivet.launcher.audit.AuditVerdict;
import dev.rivet.launcher.audit.RunAudit;
import dev.rivet.launcher.audit.ValidationOutput;
import dev.rivet.pipeline.validate.ValidationReport;
import dev.rivet.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet validate}: re-reads a succeeded run's files and checks them against the state store
 * and the manifest; exits 8 when anything differs. Reads only.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Re-read a run's files: each must exist with the recorded size, SHA-256 and row count,"
            + " and manifest.json must list exactly those files. Exit code 8 on any mismatch.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--run",
      paramLabel = "RUN_ID",
      description = "Run to validate (default: the newest succeeded run of the config's exports).")
  String runId;

  @Option(
      names = "--export",
      paramLabel = "NAME",
      description = "Validate the newest succeeded run of this export.")
  String export;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    config.configWithFileSystems();
    try (StateStore store = config.openState()) {
      AuditTarget target = AuditTarget.select(store, runId, export, config.exportNames(export));
      ValidationReport report = RunAudit.validate(store, target);
      ValidationOutput.print(report, output.format, spec.commandLine().getOut());
      return AuditVerdict.of(report.matches()).exitCode();
    }
  }
}
