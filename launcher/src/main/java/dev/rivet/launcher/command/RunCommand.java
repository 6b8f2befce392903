package dev.rivet.launcher.command;

import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.output.RunSummaryPrinter;
import dev.rivet.launcher.run.ExportRunner;
import dev.rivet.launcher.run.RunnerChoice;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.ExportSpec;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      description = "direct (default) or flink (embedded Flink runtime).")
  RunnerChoice runner;

  @Option(
      names = "--plan",
      paramLabel = "RUN_ID",
      description = "Run this stored plan (from 'rivet plan') exactly, instead of planning afresh.")
  String planId;

  @Option(
      names = "--resume",
      description =
          "Finish the newest unfinished run of each export (or the run given by --plan): chunks"
              + " already written are kept, the others are read again.")
  boolean resume;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RivetConfig cfg = config.config();
    try (StateStore store = config.openState()) {
      ExportRunner exportRunner =
          new ExportRunner(store, config.stateLocation(), Clock.systemUTC());
      if (resume) {
        for (ExportPlan plan : StoredPlans.resumable(store, planId, config.exports(export), cfg)) {
          LOG.info("run 1/3: export {}: resuming run {}", plan.export().name(), plan.runId());
          RunRecord run = exportRunner.resume(cfg.source(), plan, runner);
          report(plan, run);
        }
        return 0;
      }
      if (planId != null) {
        ExportPlan plan = StoredPlans.runnable(store, planId, export, cfg.source());
        LOG.info("run 1/3: export {}: using stored plan {}", plan.export().name(), planId);
        runAndReport(exportRunner, cfg, plan);
        return 0;
      }
      for (ExportSpec exportSpec : config.exports(export)) {
        LOG.info(
            "run 1/3: export {}: planning {}", exportSpec.name(), exportSpec.relation().describe());
        runAndReport(exportRunner, cfg, exportRunner.plan(cfg.source(), exportSpec));
      }
    }
    return 0;
  }

  private void runAndReport(ExportRunner exportRunner, RivetConfig cfg, ExportPlan plan) {
    report(plan, exportRunner.run(cfg.source(), plan, runner));
  }

  private void report(ExportPlan plan, RunRecord run) {
    LOG.info("run 3/3: export {}: published run {}", plan.export().name(), run.runId());
    PrintWriter out = spec.commandLine().getOut();
    RunSummaryPrinter.print(run, RunLayout.of(plan).runDirectory().toString(), out);
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
