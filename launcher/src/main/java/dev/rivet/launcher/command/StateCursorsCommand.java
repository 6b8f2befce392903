package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.CursorMark;
import dev.rivet.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rivet state cursors [--reset EXPORT]}: the high-water marks of incremental exports. */
@Command(
    name = "cursors",
    mixinStandardHelpOptions = true,
    description = {
      "High-water marks of incremental exports, or --reset one so that its next run reads the whole"
          + " history again."
    })
final class StateCursorsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--reset",
      paramLabel = "EXPORT",
      description = "Forget this export's mark: its next run reads every row again.")
  String reset;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (StateStore store = config.openState()) {
      if (reset != null) {
        boolean forgotten = store.resetCursor(reset);
        if (output.json()) {
          JsonDocument.print(
              StateStoreJson.cursorReset(reset, forgotten), spec.commandLine().getOut());
          return ExitStatus.SUCCESS.code();
        }
        spec.commandLine()
            .getOut()
            .println(
                forgotten
                    ? "export " + reset + ": mark forgotten; its next run reads the whole history"
                    : "export " + reset + " has no stored mark; nothing changed");
        return ExitStatus.SUCCESS.code();
      }
      if (output.json()) {
        JsonDocument.print(
            StateStoreJson.cursors(store.cursorMarks()), spec.commandLine().getOut());
        return ExitStatus.SUCCESS.code();
      }
      TextTable table = new TextTable("EXPORT", "CURSOR", "MARK", "RUN", "UPDATED");
      for (CursorMark m : store.cursorMarks()) {
        table.row(m.export(), m.cursor(), m.mark(), m.runId(), m.updatedAt());
      }
      table.print(spec.commandLine().getOut());
    }
    return ExitStatus.SUCCESS.code();
  }
}
