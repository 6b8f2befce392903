package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitCodes;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.logging.LogFormat;
import dev.rivet.launcher.output.ErrorJson;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.launcher.run.Failures;
import dev.rivet.planner.tunnel.SshTunnels;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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
      DoctorCommand.class,
      InitCommand.class,
      CompletionCommand.class,
      SchemaCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class RivetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      scope = CommandLine.ScopeType.INHERIT,
      converter = LogFormatConverter.class,
      description =
          "Log lines on standard error as text (default) or json (one object per line); each"
              + " names the export, run and chunk it is about.")
  LogFormat logFormat = LogFormat.TEXT;

  /** Where data for {@code destination: "-"} goes: the raw stream under {@code getOut()}. */
  private PrintStream standardOutput = System.out;

  PrintStream standardOutput() {
    return standardOutput;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** The exit codes {@code --help} lists: {@link ExitCodes}, each code right-aligned. */
  static Map<String, String> exitCodeList() {
    Map<String, String> list = new LinkedHashMap<>();
    ExitCodes.table().forEach((code, meaning) -> list.put(String.format("%4d", code), meaning));
    return list;
  }

  /**
   * Prints a failure as every command does ({@code rivet: error:} and a hint; the stack trace only
   * for an internal error or with {@code RIVET_DEBUG}) and returns its kind.
   */
  static FailureKind printFailure(Throwable e, PrintWriter w) {
    RivetException failure = Failures.explain(e);
    w.println("rivet: error: " + failure.getMessage());
    if (!failure.hint().isEmpty()) {
      w.println("  hint: " + failure.hint());
    }
    if (System.getenv("RIVET_DEBUG") != null || failure.kind() == FailureKind.INTERNAL) {
      e.printStackTrace(w);
    }
    w.flush();
    return failure.kind();
  }

  /**
   * Under {@code --output json}, also prints the failure as one JSON object ({@link ErrorJson}) on
   * standard output, or on standard error when standard output carries a run's data or a state
   * dump.
   */
  private static void printJsonFailure(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    Object format = leaf.matchedOptionValue("--output", null);
    if (format == null || !"json".equalsIgnoreCase(format.toString())) {
      return;
    }
    Object export = leaf.matchedOptionValue("--export", null);
    Object user = leaf.commandSpec().userObject();
    Object run =
        user instanceof RunCommand command && command.failedRunId() != null
            ? command.failedRunId()
            : leaf.matchedOptionValue("--run", leaf.matchedOptionValue("--plan", null));
    boolean dataOnStdout =
        user instanceof RunCommand command && command.dataOnStdout()
            || user instanceof StateExportCommand dump && dump.toStdout();
    PrintWriter w = dataOnStdout ? commandLine.getErr() : commandLine.getOut();
    w.println(
        ErrorJson.render(
            commandName(leaf.commandSpec()),
            Failures.explain(e),
            export == null ? null : export.toString(),
            run == null ? null : run.toString()));
    w.flush();
  }

  /** The command as typed after {@code rivet}, e.g. {@code state runs}. */
  private static String commandName(CommandLine.Model.CommandSpec spec) {
    String name = spec.qualifiedName(" ").replaceFirst("^rivet ?", "");
    return name.isEmpty() ? "rivet" : name;
  }

  /**
   * The value of {@code option} as typed ({@code --option VALUE} or {@code --option=VALUE}), or
   * null. Read from the raw arguments because a usage error may stop parsing before the option.
   */
  static String typedValue(String[] args, String option) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals(option) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith(option + "=")) {
        return args[i].substring(option.length() + 1);
      }
    }
    return null;
  }

  /**
   * Under {@code --output json}, a usage error (unknown option, missing or bad argument) as one
   * JSON object ({@link ErrorJson}) on standard output, like every other failure.
   */
  private static void printJsonUsageError(
      CommandLine.ParameterException e, String[] args, String hint) {
    if (!"json".equalsIgnoreCase(typedValue(args, "--output"))) {
      return;
    }
    PrintWriter w = e.getCommandLine().getOut();
    w.println(
        ErrorJson.render(
            commandName(e.getCommandLine().getCommandSpec()),
            new RivetException(FailureKind.USER_CONFIG, e.getMessage(), hint),
            typedValue(args, "--export"),
            typedValue(args, "--run") != null
                ? typedValue(args, "--run")
                : typedValue(args, "--plan")));
    w.flush();
  }

  /**
   * The {@code --log-format} the command line asks for (before or after the subcommand), found
   * before anything runs, so logging is configured before anything logs; text when the command line
   * does not parse (its error is reported when it runs).
   */
  public static LogFormat logFormat(String[] args) {
    if (!mayNameLogFormat(args)) {
      // Parsing builds the model of every subcommand: about a third of a small command's CPU.
      return LogFormat.TEXT;
    }
    try {
      CommandLine.ParseResult parsed = new CommandLine(new RivetCommand()).parseArgs(args);
      LogFormat format = LogFormat.TEXT;
      for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
        format = level.matchedOptionValue("--log-format", format);
      }
      return format;
    } catch (CommandLine.ParameterException e) {
      return LogFormat.TEXT;
    }
  }

  /**
   * Whether the command line may set {@code --log-format}: one argument is the option (or starts
   * with it, {@code --log-format=json}), or is an {@code @file} of arguments, which picocli
   * expands.
   */
  static boolean mayNameLogFormat(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("--log-format") || arg.startsWith("@")) {
        return true;
      }
    }
    return false;
  }

  /** Parses {@code --log-format} with a clear list of valid values. */
  static final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      try {
        return LogFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Runs the command line and returns the process exit code; never throws. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    SecretMasking.forgetAll();
    RivetCommand root = new RivetCommand();
    // Export data goes out unmasked; every line of text is masked (SecretMasking).
    root.standardOutput = out;
    CommandLine cli = new CommandLine(root);
    cli.getCommandSpec().usageMessage().exitCodeList(exitCodeList());
    cli.setOut(new PrintWriter(SecretMasking.printStream(out), true));
    cli.setErr(new PrintWriter(SecretMasking.printStream(err), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          FailureKind kind = printFailure(e, commandLine.getErr());
          printJsonFailure(e, commandLine, parseResult);
          return kind.exitCode();
        });
    cli.setParameterExceptionHandler(
        (e, typed) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("rivet: error: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
          String hint = "see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
          w.println("  hint: " + hint);
          w.flush();
          printJsonUsageError(e, typed, hint);
          return FailureKind.USER_CONFIG.exitCode();
        });
    try {
      return cli.execute(args);
    } finally {
      // The tunnels this command opened end with it, also when it failed.
      SshTunnels.closeAll();
    }
  }
}
