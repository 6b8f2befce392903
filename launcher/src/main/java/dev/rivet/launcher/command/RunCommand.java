package dev.rivet.launcher.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.launcher.audit.AuditTarget;
import dev.rivet.launcher.audit.OutputFormat;
import dev.rivet.launcher.audit.ReconcileOutput;
import dev.rivet.launcher.audit.ReconcileReport;
import dev.rivet.launcher.audit.RunAudit;
import dev.rivet.launcher.audit.ValidationOutput;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.drift.DriftReport;
import dev.rivet.launcher.drift.PlannedSchema;
import dev.rivet.launcher.drift.SchemaGate;
import dev.rivet.launcher.notify.Notifier;
import dev.rivet.launcher.output.ErrorJson;
import dev.rivet.launcher.output.RunSummary;
import dev.rivet.launcher.output.RunSummaryPrinter;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.launcher.progress.ProgressMode;
import dev.rivet.launcher.progress.ProgressSettings;
import dev.rivet.launcher.progress.StandardError;
import dev.rivet.launcher.run.ExportLease;
import dev.rivet.launcher.run.ExportRunner;
import dev.rivet.launcher.run.Failures;
import dev.rivet.launcher.run.PreflightGate;
import dev.rivet.launcher.run.RunNotifications;
import dev.rivet.launcher.run.RunnerChoice;
import dev.rivet.launcher.shape.ShapeCheck;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.pipeline.validate.ValidationReport;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rivet run}: plans each export afresh, stores the plan, runs it, prints a summary. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Plan and run exports; each run writes a new folder <destination>/<export>/<run_id>/.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin ConfigOption config;

  @Option(names = "--export", paramLabel = "NAME", description = "Run only this export.")
  String export;

  @Option(
      names = "--runner",
      paramLabel = "RUNNER",
      defaultValue = "direct",
      converter = RunnerConverter.class,
      description = "direct (default) or flink (embedded, or a cluster: --flink-master).")
  RunnerChoice runner;

  @Option(
      names = "--flink-master",
      paramLabel = "HOST:PORT",
      description =
          "With --runner flink: submit to the Flink session cluster whose REST endpoint this is,"
              + " shipping the rivet jar; [local] (default) runs Flink inside this process.")
  String flinkMaster;

  @Option(
      names = "--plan",
      paramLabel = "RUN_ID",
      description = "Run this stored plan (from 'rivet plan') exactly, instead of planning afresh.")
  String planId;

  @Mixin OutputOption output;

  private final List<RunSummary> summaries = new ArrayList<>();

  /** What the schema check found for each run, by run id. */
  private final Map<String, DriftReport> drift = new HashMap<>();

  private RunNotifications notifications =
      new RunNotifications(new Notifier(List.of(), "", SecretMasking::mask));

  @Option(
      names = "--validate",
      description = "After each run, re-read its files and check them against what was recorded.")
  boolean validate;

  @Option(
      names = "--reconcile",
      description = "After each run, count the source rows of every chunk range and compare.")
  boolean reconcile;

  private boolean auditMismatch;

  @Option(
      names = "--resume",
      description =
          "Finish the newest unfinished run of each export (or the run given by --plan): chunks"
              + " already written are kept, the others are read again.")
  boolean resume;

  @Option(
      names = "--fresh",
      description =
          "Always plan a new run, even when the newest run of an export is unfinished and was"
              + " planned with the same config (which a plain run otherwise resumes).")
  boolean fresh;

  @Option(
      names = "--force",
      description =
          "Run exports that the preflight check judges UNSAFE for the source (see rivet check);"
              + " without it they are refused with exit code 9 before any row is read.")
  boolean force;

  @Option(
      names = "--worker",
      description =
          "With --plan: work on the stored plan beside other workers (processes or hosts sharing"
              + " the state store), claiming one chunk at a time; the last one publishes the run.")
  boolean worker;

  @Option(
      names = "--worker-id",
      paramLabel = "NAME",
      description = "With --worker: this worker's name in state (default host:pid).")
  String workerId;

  @Option(
      names = "--quiet",
      description =
          "Show no progress and no informational log lines on standard error; warnings, errors"
              + " and the summary are still printed.")
  boolean quiet;

  @Option(
      names = "--no-progress",
      description =
          "Show no progress (neither the live display on a terminal nor the per-chunk log lines);"
              + " other log lines stay.")
  boolean noProgress;

  @Spec CommandSpec spec;

  @ParentCommand RivetCommand rivet;

  /** Whether an export writes its data to standard output, so reports go to standard error. */
  private boolean dataOnStdout;

  /** Whether standard output carries a run's data (so reports and errors go to stderr). */
  boolean dataOnStdout() {
    return dataOnStdout;
  }

  /** The run the export being run got, once it has one: what a failure of it concerns. */
  private String currentRunId;

  /** The run of the export that failed, or null when it failed before it had one. */
  String failedRunId() {
    return currentRunId;
  }

  /** Each export that failed while others ran on, as its JSON error object. */
  private final List<ObjectNode> failures = new ArrayList<>();

  @Override
  public Integer call() {
    rejectContradictions();
    if (worker) {
      return PlanWorkerRun.run(config, planId, workerId, progress(), spec.commandLine().getOut());
    }
    runner = runner.onFlinkMaster(flinkMaster).requireInstalled();
    RivetConfig cfg = config.config();
    if (!runner.inThisJvm() && cfg.source().ssh() != null) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "source.ssh is not supported with --flink-master "
              + runner.flinkMaster()
              + ": the tunnel lives in the rivet process, the cluster's task managers read the"
              + " chunks",
          "run without --flink-master (the embedded Flink runtime and the direct runner use the"
              + " tunnel), start rivet --worker processes beside each other, or open the tunnel"
              + " on the task managers yourself (ssh -L) and point source.url at it");
    }
    if (!runner.inThisJvm() && cfg.stateReach().ssh() != null) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "state.ssh is not supported with --flink-master "
              + runner.flinkMaster()
              + ": the tunnel lives in the rivet process, the cluster's task managers record the"
              + " chunks in the state store",
          "run without --flink-master (the embedded Flink runtime and the direct runner use the"
              + " tunnel), or open a tunnel on the task managers yourself (ssh -L) and point"
              + " state.url at it");
    }
    notifications =
        new RunNotifications(
            new Notifier(
                cfg.notifications().targets(), VersionProvider.version(), SecretMasking::mask));
    CrashPoint.reach("config-loaded");
    PrintStream standardOutput = rivet == null ? System.out : rivet.standardOutput();
    List<ExportSpec> toStdout = StandardOutput.exportsTo(config.exports(export));
    StandardOutput.check(toStdout, StandardOutput.isTerminal(standardOutput), validate);
    dataOnStdout = !toStdout.isEmpty();
    try (StateStore store = config.openState()) {
      try {
        return runWith(store, cfg, standardOutput);
      } finally {
        if (cfg.metricsFile() != null) {
          MetricsCommand.writeFile(
              cfg.metricsFile(), store, cfg.exportNames(), spec.commandLine().getErr());
        }
      }
    }
  }

  private int runWith(StateStore store, RivetConfig cfg, PrintStream standardOutput) {
    ExportRunner exportRunner =
        new ExportRunner(
            store,
            config.stateLocation(),
            Clock.systemUTC(),
            cfg.storage(),
            standardOutput,
            progress());
    if (resume) {
      for (ExportPlan plan : StoredPlans.resumable(store, planId, config.exports(export), cfg)) {
        try (ExportLease lease = ExportLease.acquire(store, plan.export().name())) {
          // Checked again under the lease: the holder before may have finished the run.
          StoredPlans.resumable(store, plan.runId(), List.of(), cfg);
          requireUnchangedSchema(
              store,
              cfg,
              plan,
              "run 'rivet run' without --resume: it plans a new run under the new schema");
          try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
            LOG.info("run 1/3: export {}: resuming run {}", plan.export().name(), plan.runId());
            report(
                store,
                cfg,
                plan,
                exportRunner.resume(cfg.source(), plan, runner, lease.fence()),
                exportRunner);
          }
        } catch (RuntimeException e) {
          notifications.failed(plan.export().name(), e, spec.commandLine().getErr());
          throw e;
        }
      }
      return finish();
    }
    if (planId != null) {
      ExportPlan plan = StoredPlans.runnable(store, planId, export, cfg.source());
      try (ExportLease lease = ExportLease.acquire(store, plan.export().name())) {
        StoredPlans.runnable(store, planId, export, cfg.source()); // still PLANNED, under lease
        admit(cfg, plan, store);
        requireUnchangedSchema(
            store,
            cfg,
            plan,
            "plan again ('rivet plan', or 'rivet run' without --plan) under the new schema");
        LOG.info("run 1/3: export {}: using stored plan {}", plan.export().name(), planId);
        runAndReport(store, exportRunner, cfg, plan, lease.fence());
      } catch (RuntimeException e) {
        notifications.failed(plan.export().name(), e, spec.commandLine().getErr());
        throw e;
      }
      return finish();
    }
    List<ExportSpec> exports = config.exports(export);
    List<String> failed = new ArrayList<>();
    FailureKind firstFailure = null;
    for (ExportSpec exportSpec : exports) {
      // Before looking at the export's runs: what to resume or abandon is decided under lease.
      currentRunId = null;
      try (LogContext.Scope log = LogContext.export(exportSpec.name());
          ExportLease lease = ExportLease.acquire(store, exportSpec.name())) {
        runExport(store, exportRunner, cfg, exportSpec, lease.fence());
      } catch (RuntimeException e) {
        notifications.failed(exportSpec.name(), e, spec.commandLine().getErr());
        // One export's failure does not keep the others from running, except where data goes
        // to standard output: a reader of that stream must see it end at the failure.
        if (exports.size() == 1 || dataOnStdout) {
          throw e;
        }
        FailureKind kind = RivetCommand.printFailure(e, spec.commandLine().getErr());
        failures.add(
            ErrorJson.error(Failures.explain(e), exportSpec.name()).put("run", currentRunId));
        failed.add(exportSpec.name() + " (exit code " + kind.exitCode() + ")");
        firstFailure = firstFailure == null ? kind : firstFailure;
      }
    }
    if (firstFailure != null) {
      // The summaries of the exports that ran (JSON mode); the exit code is the failure's.
      finish();
      spec.commandLine()
          .getErr()
          .printf(
              "rivet: %d of %d exports failed: %s; the others ran (see above). Exit code %d is"
                  + " the first failure's.%n",
              failed.size(), exports.size(), String.join(", ", failed), firstFailure.exitCode());
      spec.commandLine().getErr().flush();
      return firstFailure.exitCode();
    }
    return finish();
  }

  /**
   * How runs show progress on standard error: live on a terminal, as log lines elsewhere (and with
   * {@code --output json}), or not at all.
   */
  private ProgressSettings progress() {
    Map<String, String> env = System.getenv();
    return ProgressSettings.of(
        ProgressMode.choose(quiet, noProgress, output.json(), StandardError.isTerminal(env)), env);
  }

  /** Options that ask for opposite things are refused rather than one of them silently ignored. */
  private void rejectContradictions() {
    if (fresh && resume) {
      throw new ParameterException(
          spec.commandLine(),
          "--resume and --fresh cannot be combined: --resume finishes the newest unfinished run,"
              + " --fresh plans a new one; pass one of them");
    }
    if (fresh && planId != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--plan and --fresh cannot be combined: --plan runs a stored plan, --fresh plans a new"
              + " one; pass one of them");
    }
  }

  /** Resumes the export's unfinished run of the same config, or plans and runs a new one. */
  private void runExport(
      StateStore store,
      ExportRunner exportRunner,
      RivetConfig cfg,
      ExportSpec exportSpec,
      LeaseFence fence) {
    Optional<ExportPlan> unfinished =
        fresh ? Optional.empty() : StoredPlans.autoResumable(store, exportSpec, cfg.source());
    if (unfinished.isPresent()) {
      List<SchemaChange> changed =
          PlannedSchema.changesSincePlanned(cfg.source(), unfinished.get());
      if (!changed.isEmpty()) {
        // Resuming would mix two schemas in one run, and retrying it fails again: give it up.
        store.runAbandoned(unfinished.get().runId(), PlannedSchema.abandonReason(changed));
        spec.commandLine()
            .getErr()
            .printf(
                "export %s: unfinished run %s was planned under another source schema; it is"
                    + " abandoned (its files are never published) and a new run is planned%n",
                exportSpec.name(), unfinished.get().runId());
        unfinished = Optional.empty();
      }
    }
    if (unfinished.isPresent() && !ExportRunner.resumable(unfinished.get())) {
      // Its snapshot ended with the process that ran it: finishing it would mix points in time.
      store.runAbandoned(
          unfinished.get().runId(),
          "abandoned: a consistency: snapshot run cannot be resumed (its snapshot ended with the"
              + " process that ran it)");
      spec.commandLine()
          .getErr()
          .printf(
              "export %s: unfinished run %s read one snapshot (consistency: snapshot) and cannot"
                  + " be resumed; it is abandoned (its files are never published) and a new run"
                  + " is planned%n",
              exportSpec.name(), unfinished.get().runId());
      unfinished = Optional.empty();
    }
    if (unfinished.isPresent()) {
      drift.put(unfinished.get().runId(), SchemaGate.inspect(unfinished.get(), store));
      // On the error stream like progress, but always shown: the user asked for a new run.
      spec.commandLine()
          .getErr()
          .printf(
              "export %s: resuming unfinished run %s of the same config"
                  + " (--fresh starts a new run instead)%n",
              exportSpec.name(), unfinished.get().runId());
      try (LogContext.Scope log = LogContext.run(exportSpec.name(), unfinished.get().runId())) {
        report(
            store,
            cfg,
            unfinished.get(),
            exportRunner.resume(cfg.source(), unfinished.get(), runner, fence),
            exportRunner);
      }
      return;
    }
    Optional<RunRecord> superseded = StoredPlans.unfinishedNewest(store, exportSpec.name());
    LOG.info(
        "run 1/3: export {}: planning {}", exportSpec.name(), exportSpec.relation().describe());
    ExportPlan plan = exportRunner.plan(cfg.source(), exportSpec);
    admit(cfg, plan, store);
    drift.put(plan.runId(), SchemaGate.admit(plan, store, spec.commandLine().getErr()));
    superseded.ifPresent(
        old -> {
          store.runAbandoned(
              old.runId(), "abandoned: superseded by run " + plan.runId() + supersededWhy(old));
          spec.commandLine()
              .getErr()
              .printf(
                  "export %s: unfinished run %s is abandoned (its files are never published)%n",
                  exportSpec.name(), old.runId());
        });
    runAndReport(store, exportRunner, cfg, plan, fence);
  }

  /**
   * Abandons a stored run and throws when the source's columns changed since it was planned: it
   * would publish files of two schemas, and would fail the same way on every retry.
   */
  private void requireUnchangedSchema(
      StateStore store, RivetConfig cfg, ExportPlan plan, String nextStep) {
    List<SchemaChange> changed = PlannedSchema.changesSincePlanned(cfg.source(), plan);
    if (!changed.isEmpty()) {
      store.runAbandoned(plan.runId(), PlannedSchema.abandonReason(changed));
      throw PlannedSchema.stale(plan, changed, nextStep);
    }
    drift.put(plan.runId(), SchemaGate.inspect(plan, store));
  }

  private void admit(RivetConfig cfg, ExportPlan plan, StateStore store) {
    if (gate().admit(cfg.source(), plan, store, spec.commandLine().getErr()) == Verdict.DEGRADED) {
      notifications.degraded(plan.runId());
    }
  }

  private PreflightGate gate() {
    return new PreflightGate(Clock.systemUTC(), force);
  }

  private String supersededWhy(RunRecord old) {
    if (FailureKind.QUALITY.name().equals(old.errorClass())) {
      return " (it failed its quality contract)";
    }
    return fresh ? " (--fresh)" : " (planned with another config, or a time window)";
  }

  private int finish() {
    if (output.json()) {
      RunSummaryPrinter.printJson(summaries, failures, reports());
    }
    return (auditMismatch ? ExitStatus.MISMATCH : ExitStatus.SUCCESS).code();
  }

  /**
   * Prints the run's summary, then validates and/or reconciles it as asked and remembers any
   * mismatch. In JSON mode the audits go into the summary instead of being printed.
   */
  private void report(
      StateStore store,
      RivetConfig cfg,
      ExportPlan plan,
      RunRecord run,
      ExportRunner exportRunner) {
    LOG.info("run 3/3: export {}: published run {}", plan.export().name(), run.runId());
    // A stored plan (--plan, --resume) may stream to standard output although the config no longer
    // does.
    dataOnStdout |= Destination.STDOUT.equals(outputOf(plan));
    RunSummary summary =
        RunSummary.of(
            run,
            store.chunks(run.runId()),
            store.chunkErrors(run.runId()),
            outputOf(plan),
            manifestOf(plan));
    summary = summary.withSchemaDrift(drift.get(run.runId()));
    summary = summary.withShapeDrift(ShapeCheck.of(store, plan, run));
    summary = summary.withGovernor(exportRunner.governorReport(run.runId()).orElse(null));
    summary = notifications.published(summary);
    PrintWriter out = reports();
    if (!output.json()) {
      RunSummaryPrinter.print(summary, out);
    }
    AuditTarget target = validate || reconcile ? AuditTarget.of(store, run.runId()) : null;
    ObjectNode validation = null;
    ObjectNode reconciliation = null;
    boolean matches = true;
    Long rowsValidated = null;
    if (validate) {
      ValidationReport report = RunAudit.validate(store, target);
      matches &= report.matches();
      rowsValidated = report.rowsRead();
      if (!output.json()) {
        ValidationOutput.print(report, OutputFormat.TEXT, out);
      } else {
        validation = ValidationOutput.json(report);
      }
    }
    if (reconcile) {
      ReconcileReport report = RunAudit.reconcile(store, cfg.source(), target);
      matches &= report.matches();
      if (!output.json()) {
        ReconcileOutput.print(report, OutputFormat.TEXT, out);
      } else {
        reconciliation = ReconcileOutput.json(report);
      }
    }
    auditMismatch |= !matches;
    if (output.json()) {
      summaries.add(
          validate || reconcile
              ? summary.withAudit(validation, reconciliation, matches, rowsValidated)
              : summary);
    }
  }

  /** Standard output, or standard error when the data itself goes to standard output. */
  private PrintWriter reports() {
    return dataOnStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
  }

  /** The run's folder without a trailing slash, or {@code -} for standard output. */
  private static String outputOf(ExportPlan plan) {
    if (plan.export().destination() instanceof Destination.Stdout) {
      return Destination.STDOUT;
    }
    return RunLayout.of(plan).runFolder();
  }

  /** The run's manifest.json, or null for a run to standard output, which has none. */
  private static String manifestOf(ExportPlan plan) {
    if (plan.export().destination() instanceof Destination.Stdout) {
      return null;
    }
    return RunLayout.of(plan).file(RunLayout.MANIFEST).toString();
  }

  private void runAndReport(
      StateStore store,
      ExportRunner exportRunner,
      RivetConfig cfg,
      ExportPlan plan,
      LeaseFence fence) {
    currentRunId = plan.runId();
    try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
      report(store, cfg, plan, exportRunner.run(cfg.source(), plan, runner, fence), exportRunner);
    }
  }

  /** Parses {@code --runner} with a clear list of valid values. */
  static final class RunnerConverter implements picocli.CommandLine.ITypeConverter<RunnerChoice> {
    @Override
    public RunnerChoice convert(String value) {
      try {
        return RunnerChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
