package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.drift.SchemaGate;
import dev.rivet.launcher.output.PlanPrinter;
import dev.rivet.launcher.run.ExportRunner;
import dev.rivet.state.StateStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rivet plan}: validates config, plans and stores every export's chunks; reads no rows. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Dry run: validate the config, plan chunks, store and print the plan. Reads no rows.")
final class PlanCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--export", paramLabel = "NAME", description = "Plan only this export.")
  String export;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RivetConfig cfg = config.config();
    try (StateStore store = config.openState()) {
      ExportRunner runner = new ExportRunner(store, config.stateLocation(), Clock.systemUTC());
      for (ExportSpec spec : config.exports(export)) {
        ExportPlan plan = runner.plan(cfg.source(), spec);
        // Workers of this plan do not compare again: the schema is checked once, here.
        SchemaGate.admit(plan, store, this.spec.commandLine().getErr());
        PlanPrinter.print(plan, this.spec.commandLine().getOut());
      }
    }
    return ExitStatus.SUCCESS.code();
  }
}
