package dev.rivet.launcher.command;

import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStores;
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
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StateLocation location = config.stateLocation();
    SchemaUpgrade upgrade = StateStores.migrate(location);
    String where = "state store " + location.redacted();
    spec.commandLine()
        .getOut()
        .println(
            upgrade.created()
                ? where + ": created at schema version " + upgrade.to()
                : upgrade.migrated()
                    ? where
                        + ": migrated from schema version "
                        + upgrade.from()
                        + " to "
                        + upgrade.to()
                    : where + ": schema version " + upgrade.to() + ", already current");
    return 0;
  }
}
