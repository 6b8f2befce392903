package dev.rivet.launcher.command;

import dev.rivet.launcher.config.ConfigLoader;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.storage.StorageOptions;
import dev.rivet.pipeline.files.Destination;
import dev.rivet.planner.model.ExportSpec;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.StateStores;
import java.nio.file.Path;
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

  private RivetConfig loaded;

  /** The config; loading it registers its s3/gcs settings with Beam's FileSystems. */
  RivetConfig config() {
    if (loaded == null) {
      loaded = ConfigLoader.load(file, System.getenv());
      StorageOptions.register(
          loaded.storage(),
          loaded.exports().stream()
              .anyMatch(e -> Destination.parse(e.destination()) instanceof Destination.S3));
    }
    return loaded;
  }

  /** All exports, or the one named. */
  List<ExportSpec> exports(String name) {
    return name == null ? config().exports() : List.of(config().export(name));
  }

  StateLocation stateLocation() {
    return new StateLocation(config().stateUrl());
  }

  StateStore openState() {
    return StateStores.open(stateLocation());
  }
}
