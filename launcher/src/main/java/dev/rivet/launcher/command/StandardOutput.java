package dev.rivet.launcher.command;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.launcher.output.StandardStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The rules of exports to standard output ({@code destination: "-"}): one such export per command,
 * Parquet only into a pipe or a file (never onto a terminal), and no {@code --validate}, which
 * would have to read the stream again.
 */
final class StandardOutput {
  private StandardOutput() {}

  /** The exports of {@code exports} that write to standard output. */
  static List<ExportSpec> exportsTo(List<ExportSpec> exports) {
    return exports.stream().filter(e -> e.destination() instanceof Destination.Stdout).toList();
  }

  /**
   * @param terminal whether standard output is a terminal
   * @throws RivetException USER_CONFIG naming the rule broken and what to do
   */
  static void check(List<ExportSpec> toStdout, boolean terminal, boolean validate) {
    if (toStdout.isEmpty()) {
      return;
    }
    if (toStdout.size() > 1) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "exports "
              + String.join(", ", toStdout.stream().map(ExportSpec::name).toList())
              + " all write to standard output, which takes one export at a time",
          "run one of them with --export NAME");
    }
    ExportSpec export = toStdout.get(0);
    if (export.format() == Format.PARQUET && terminal) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '" + export.name() + "' writes Parquet to standard output, which is a terminal",
          "pipe it into a program (| ...) or redirect it into a file (> out.parquet), or set"
              + " format: csv");
    }
    if (validate) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "' writes to standard output, which --validate cannot read back",
          "drop --validate; --reconcile still checks each chunk's rows against the source");
    }
  }

  /** Whether {@code out} is the process's standard output and that is a terminal. */
  static boolean isTerminal(PrintStream out) {
    return out == System.out && StandardStream.OUTPUT.isTerminal();
  }
}
