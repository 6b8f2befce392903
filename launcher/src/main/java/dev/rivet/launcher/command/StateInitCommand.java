package dev.rivet.launcher.command;

import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStores;
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
                        + ": already existed; migrated from schema version "
                        + upgrade.from()
                        + " to "
                        + upgrade.to()
                    : where + ": already exists at schema version " + upgrade.to() + ", current");
    return 0;
  }
}
