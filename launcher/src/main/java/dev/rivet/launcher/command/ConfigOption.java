package dev.rivet.launcher.command;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.ConfigLoader;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.config.StateStoreUrl;
import dev.rivet.launcher.storage.StorageOptions;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option shared by every subcommand, and what it gives access to. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "rivet.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "Fills ${NAME} in the config's values and query files; taken before an environment"
              + " variable of the same name. Repeatable. Not for secrets (use password_env).")
  List<String> params = new ArrayList<>();

  private RivetConfig loaded;

  RivetConfig config() {
    if (loaded == null) {
      loaded = ConfigLoader.load(file, System.getenv(), Params.parse(params));
    }
    return loaded;
  }

  /** The config, its s3/gcs settings registered with Beam's FileSystems to read or list files. */
  RivetConfig configWithFileSystems() {
    StorageOptions.register(config());
    return config();
  }

  /** All exports, or the one named. */
  List<ExportSpec> exports(String name) {
    return name == null ? config().exports() : List.of(config().export(name));
  }

  /**
   * The exports whose runs a command looks at when no run id is given: the one named (as given, so
   * that runs of an export since removed from the config stay reachable), else every export of the
   * config. A state store may be shared by several configs; the others' runs are not this config's.
   */
  List<String> exportNames(String nameOrNull) {
    return nameOrNull != null
        ? List.of(nameOrNull)
        : config().exports().stream().map(ExportSpec::name).toList();
  }

  StateLocation stateLocation() {
    return new StateLocation(StateStoreUrl.reachable(config()));
  }

  StateStore openState() {
    return StateStores.open(stateLocation());
  }
}
