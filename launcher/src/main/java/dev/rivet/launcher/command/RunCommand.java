package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.notify.Notifier;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.launcher.progress.ProgressMode;
import dev.rivet.launcher.progress.ProgressSettings;
import dev.rivet.launcher.progress.StandardError;
import dev.rivet.launcher.run.ExportReports;
import dev.rivet.launcher.run.ExportRunner;
import dev.rivet.launcher.run.RunExports;
import dev.rivet.launcher.run.RunNotifications;
import dev.rivet.launcher.run.RunRequest;
import dev.rivet.launcher.run.RunnerChoice;
import dev.rivet.state.StateStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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

  private ExportReports reports;

  private RunExports exports;

  /** Whether standard output carries a run's data (so reports and errors go to stderr). */
  boolean dataOnStdout() {
    return reports != null ? reports.dataOnStdout() : dataOnStdout;
  }

  /** The run of the export that failed, or null when it failed before it had one. */
  String failedRunId() {
    return exports == null ? null : exports.failedRunId();
  }

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
    PrintWriter err = spec.commandLine().getErr();
    reports =
        new ExportReports(
            spec.commandLine().getOut(),
            err,
            output.json(),
            validate,
            reconcile,
            dataOnStdout,
            notifications);
    exports =
        new RunExports(
            store,
            cfg,
            exportRunner,
            new RunRequest(runner, fresh, force),
            notifications,
            reports,
            err);
    if (resume) {
      return exports.resume(planId, config.exports(export));
    }
    if (planId != null) {
      return exports.stored(planId, export);
    }
    return exports.all(config.exports(export), e -> RivetCommand.printFailure(e, err));
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
