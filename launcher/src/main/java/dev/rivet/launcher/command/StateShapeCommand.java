package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.ShapeTrend;
import dev.rivet.launcher.shape.RunShapes;
import dev.rivet.launcher.shape.RunShapes.ShapedRun;
import dev.rivet.state.StateStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rivet state shape EXPORT}: per column, the longest value and NULL share of recent runs.
 */
@Command(
    name = "shape",
    mixinStandardHelpOptions = true,
    description =
        "Per column, the longest value (bytes, characters) and the share of NULLs in each recent"
            + " successful run of an export, oldest first.")
final class StateShapeCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "EXPORT", description = "The export's name.")
  String export;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description = "At most this many recent successful runs (default 5).")
  int runs;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--runs must be at least 1, got " + runs);
    }
    config.exports(export); // an unknown export is an error that lists the config's exports
    try (StateStore store = config.openState()) {
      List<ShapedRun> shaped = new ArrayList<>(RunShapes.recent(store, export, runs));
      Collections.reverse(shaped);
      if (output.json()) {
        ShapeTrend.printJson(export, shaped, spec.commandLine().getOut());
      } else {
        ShapeTrend.print(export, shaped, spec.commandLine().getOut());
      }
    }
    return ExitStatus.SUCCESS.code();
  }
}
