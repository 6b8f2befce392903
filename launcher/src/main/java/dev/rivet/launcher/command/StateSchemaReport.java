package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.backends.StateStores;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code rivet state init} and {@code migrate} print after bringing the store up to date. */
final class StateSchemaReport {
  private StateSchemaReport() {}

  /** Creates or migrates the store and prints one line saying which it did. */
  static int upgradeAndPrint(
      String command, ConfigOption config, OutputOption output, CommandSpec spec) {
    StateLocation location = config.stateLocation();
    SchemaUpgrade upgrade = StateStores.migrate(location);
    if (output.json()) {
      JsonDocument.print(
          StateStoreJson.upgrade(command, location.redacted(), upgrade),
          spec.commandLine().getOut());
      return ExitStatus.SUCCESS.code();
    }
    String where = "state store " + location.redacted() + ": ";
    String what;
    if (upgrade.created()) {
      what = "created at schema version " + upgrade.to();
    } else if (upgrade.migrated()) {
      what = "migrated from schema version " + upgrade.from() + " to " + upgrade.to();
    } else {
      what = "schema version " + upgrade.to() + ", already current";
    }
    spec.commandLine().getOut().println(where + what);
    return ExitStatus.SUCCESS.code();
  }
}
