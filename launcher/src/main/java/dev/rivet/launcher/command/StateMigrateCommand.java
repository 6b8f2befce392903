package dev.rivet.launcher.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rivet state migrate}: brings the state store to this rivet's schema version. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Migrate the state store to this rivet's schema version (creating it when missing) and print"
          + " the version. Optional: every command migrates on first use; this does it ahead of"
          + " time, e.g. before several upgraded rivet processes start at once. A store whose"
          + " schema is newer than this rivet is refused."
    })
final class StateMigrateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin OutputOption output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StateSchemaReport.upgradeAndPrint("state migrate", config, output, spec);
  }
}
