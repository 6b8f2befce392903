package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.run.Failures;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rivet} command: subcommands, and the one place failures become exit codes. */
@Command(
    name = "rivet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Extract tables from operational databases into Parquet or CSV files, safely.",
    subcommands = {
      PlanCommand.class,
      RunCommand.class,
      StateCommand.class,
      ValidateCommand.class,
      ReconcileCommand.class,
      MetricsCommand.class,
      CheckCommand.class,
      DoctorCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:invalid configuration or command line",
      "3:source refused the work (authentication, missing table, permission)",
      "4:source failed transiently (connection lost, timeout); running again may succeed",
      "5:destination not writable",
      "6:state store failure",
      "7:a value cannot be written exactly (see on_infinity)",
      "8:validate or reconcile found a mismatch",
      "9:check found an UNSAFE export",
      "70:internal error"
    })
public final class RivetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where data for {@code destination: "-"} goes: the raw stream under {@code getOut()}. */
  private PrintStream standardOutput = System.out;

  PrintStream standardOutput() {
    return standardOutput;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs the command line and returns the process exit code; never throws. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    RivetCommand root = new RivetCommand();
    root.standardOutput = out;
    CommandLine cli = new CommandLine(root);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          RivetException failure = Failures.explain(e);
          PrintWriter w = commandLine.getErr();
          w.println("rivet: error: " + failure.getMessage());
          if (!failure.hint().isEmpty()) {
            w.println("  hint: " + failure.hint());
          }
          if (System.getenv("RIVET_DEBUG") != null || failure.kind() == FailureKind.INTERNAL) {
            e.printStackTrace(w);
          }
          w.flush();
          return failure.kind().exitCode();
        });
    cli.setParameterExceptionHandler(
        (e, parsed) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("rivet: error: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
          w.println(
              "  hint: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
          w.flush();
          return FailureKind.USER_CONFIG.exitCode();
        });
    return cli.execute(args);
  }
}
