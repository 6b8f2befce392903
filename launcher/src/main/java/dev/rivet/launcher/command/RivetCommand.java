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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rivet} command: subcommands, and the one place failures become exit codes. */
@Command(
    name = "rivet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Extract tables from operational databases into Parquet or CSV files, safely.",
    exitCodeListHeading = "%nExit codes:%n")
public final class RivetCommand implements Runnable {
  /**
   * The subcommands, in the order {@code --help} lists them. Added by {@link #commandLine}, not by
   * the annotation: building one's model (its options, their types and converters, its instance)
   * costs class loading, and a command line runs only one of them.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          SchemaCommand.class);

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
   * The command line of {@code root} with every subcommand's full model when {@code args} may run
   * any of them, or otherwise with only the model of the subcommand {@code args} names: the others
   * are listings (name, aliases, description) that {@code --help} and the suggestions for a
   * mistyped name read, built from their {@code @Command} annotations without building their
   * models. Every model is built for {@code completion} (it describes all of them), and when the
   * command line cannot be read without picocli (an {@code @file} of arguments, or {@code --}).
   */
  static CommandLine commandLine(RivetCommand root, String[] args) {
    String invoked = invokedName(args);
    CommandLine cli = new CommandLine(root);
    for (Class<?> type : SUBCOMMANDS) {
      Command command = type.getAnnotation(Command.class);
      if (invoked == null || "completion".equals(invoked) || names(command).contains(invoked)) {
        cli.addSubcommand(type);
      } else {
        cli.addSubcommand(listing(command));
      }
    }
    return cli;
  }

  /** A subcommand as {@code rivet --help} lists it, and nothing more. */
  private static CommandLine.Model.CommandSpec listing(Command command) {
    CommandLine.Model.CommandSpec spec =
        CommandLine.Model.CommandSpec.create().name(command.name()).aliases(command.aliases());
    spec.usageMessage()
        .header(command.header())
        .description(command.description())
        .hidden(command.hidden());
    return spec;
  }

  private static List<String> names(Command command) {
    List<String> names = new ArrayList<>(List.of(command.aliases()));
    names.add(command.name());
    return names;
  }

  /**
   * The first argument that is not an option of {@code rivet} itself (nor {@code --log-format}'s
   * value): the subcommand picocli will run, or a mistyped one. The empty string when there is none
   * ({@code rivet --help}); null when picocli could read the arguments otherwise.
   */
  static String invokedName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--") || arg.startsWith("@")) {
        return null;
      }
      if (arg.equals("--log-format")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return "";
  }

  /**
   * The {@code --log-format} a parsed command line asks for (before or after the subcommand's
   * name), text when it names none.
   */
  static LogFormat logFormat(CommandLine.ParseResult parsed) {
    LogFormat format = LogFormat.TEXT;
    for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
      format = level.matchedOptionValue("--log-format", format);
    }
    return format;
  }

  /** Whether the parsed command line only asks for help or the version, at any level. */
  private static boolean helpRequested(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
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
    return execute(args, out, err, format -> {});
  }

  /**
   * As {@link #execute(String[], PrintStream, PrintStream)}; {@code beforeRun} is given the {@code
   * --log-format} once the command line has parsed, before the command runs, and not at all for a
   * usage error or a request for help or the version (which log nothing), so that the {@code rivet}
   * command configures logging only when something may log.
   */
  public static int execute(
      String[] args, PrintStream out, PrintStream err, Consumer<LogFormat> beforeRun) {
    SecretMasking.forgetAll();
    RivetCommand root = new RivetCommand();
    // Export data goes out unmasked; every line of text is masked (SecretMasking).
    root.standardOutput = out;
    CommandLine cli = commandLine(root, args);
    cli.setExecutionStrategy(
        parsed -> {
          if (!helpRequested(parsed)) {
            beforeRun.accept(logFormat(parsed));
          }
          return new CommandLine.RunLast().execute(parsed);
        });
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
