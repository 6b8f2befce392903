package dev.rivet.launcher.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rivet state init}: creates the configured state store ahead of its first use. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the state store (a SQLite file, or the rivet_state schema of a PostgreSQL database)"
          + " and print its schema version. Optional: every command creates the store on first"
          + " use; this does it ahead of time, e.g. as a deploy step with a user that may create"
          + " schemas."
    })
final class StateInitCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin OutputOption output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StateSchemaReport.upgradeAndPrint("state init", config, output, spec);
  }
}
