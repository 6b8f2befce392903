package dev.rivet.launcher.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.codec.PlanCodec;
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

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RivetConfig cfg = config.config();
    ObjectMapper json = new ObjectMapper();
    ObjectNode document = json.createObjectNode();
    document.put("command", "plan");
    document.put("schema_version", 1);
    ArrayNode plans = document.putArray("plans");
    try (StateStore store = config.openState()) {
      ExportRunner runner = new ExportRunner(store, config.stateLocation(), Clock.systemUTC());
      for (ExportSpec spec : config.exports(export)) {
        ExportPlan plan = runner.plan(cfg.source(), spec);
        // Workers of this plan do not compare again: the schema is checked once, here.
        SchemaGate.admit(plan, store, this.spec.commandLine().getErr());
        if (output.json()) {
          try {
            plans.add(json.readTree(PlanCodec.write(plan)));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("the plan codec wrote invalid JSON", e);
          }
        } else {
          PlanPrinter.print(plan, this.spec.commandLine().getOut());
        }
      }
    }
    if (output.json()) {
      this.spec.commandLine().getOut().println(document.toPrettyString());
      this.spec.commandLine().getOut().flush();
    }
    return ExitStatus.SUCCESS.code();
  }
}
