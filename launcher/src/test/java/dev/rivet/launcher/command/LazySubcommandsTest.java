package dev.rivet.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.output.SecretMasking;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link RivetCommand#commandLine} builds the full model of the invoked subcommand only, and what
 * the command line prints (help, a subcommand's help, a mistyped name) is the same as with every
 * model built.
 */
class LazySubcommandsTest {
  /** The command line with every subcommand's model, as the annotation used to declare them. */
  private static CommandLine eager() {
    CommandLine cli = new CommandLine(new RivetCommand());
    RivetCommand.SUBCOMMANDS.forEach(cli::addSubcommand);
    cli.getCommandSpec().usageMessage().exitCodeList(RivetCommand.exitCodeList());
    return cli;
  }

  /**
   * {@code text} as the command line prints it: through {@link SecretMasking}, which masks what
   * follows {@code --password-env=} in a usage line too.
   */
  private static String masked(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = SecretMasking.printStream(bytes)) {
      out.print(text);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private record Printed(int code, String out, String err) {}

  private static Printed rivet(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = RivetCommand.execute(args, o, e);
    }
    return new Printed(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintTheSameHelpAsWithEveryModelBuilt() {
    Printed help = rivet("--help");

    assertThat(help.code()).isZero();
    assertThat(help.out()).isEqualTo(masked(eager().getUsageMessage()));
    assertThat(help.out()).contains("plan", "completion", "schema", "Exit codes:");
  }

  @Test
  void shouldPrintTheSameHelpForEachSubcommand() {
    Map<String, CommandLine> all = eager().getSubcommands();
    assertThat(all).hasSize(RivetCommand.SUBCOMMANDS.size());
    for (String name : all.keySet()) {
      assertThat(rivet(name, "--help").out())
          .as(name)
          .isEqualTo(masked(all.get(name).getUsageMessage()))
          .contains("Usage: rivet " + name);
    }
    assertThat(rivet("--log-format", "json", "state", "runs", "--help").out())
        .isEqualTo(masked(all.get("state").getSubcommands().get("runs").getUsageMessage()));
  }

  @Test
  void shouldSuggestTheSubcommandForAMistypedName() {
    Printed typo = rivet("plna");

    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("Unmatched argument at index 0: 'plna'", "rivet plan");
  }

  @Test
  void shouldBuildOnlyTheInvokedSubcommandsModel() {
    CommandLine cli =
        RivetCommand.commandLine(new RivetCommand(), new String[] {"plan", "-c", "x.yaml"});

    assertThat(cli.getSubcommands()).containsOnlyKeys(eager().getSubcommands().keySet());
    assertThat(cli.getSubcommands().get("plan").getCommandSpec().userObject())
        .isInstanceOf(PlanCommand.class);
    assertThat(cli.getSubcommands().get("plan").getCommandSpec().findOption("--export"))
        .isNotNull();
    CommandLine run = cli.getSubcommands().get("run");
    assertThat(run.getCommandSpec().userObject()).isNull();
    assertThat(run.getCommandSpec().findOption("--export")).isNull();
  }

  @Test
  void shouldBuildEveryModelForCompletionAndForAnArgumentFile() {
    for (String[] args :
        new String[][] {{"completion", "bash"}, {"@args"}, {"--", "plan"}, {"--version"}}) {
      CommandLine cli = RivetCommand.commandLine(new RivetCommand(), args);
      boolean all = !"--version".equals(args[0]);
      assertThat(cli.getSubcommands().get("run").getCommandSpec().userObject() != null)
          .as(String.join(" ", args))
          .isEqualTo(all);
    }
  }

  @Test
  void shouldFindTheInvokedNameAfterTheRootsOptions() {
    assertThat(RivetCommand.invokedName(new String[] {"--log-format", "json", "run", "-c", "x"}))
        .isEqualTo("run");
    assertThat(RivetCommand.invokedName(new String[] {"--log-format=json", "-h", "plan"}))
        .isEqualTo("plan");
    assertThat(RivetCommand.invokedName(new String[] {"--help"})).isEmpty();
    assertThat(RivetCommand.invokedName(new String[] {})).isEmpty();
    assertThat(RivetCommand.invokedName(new String[] {"@args"})).isNull();
    assertThat(RivetCommand.invokedName(new String[] {"--", "run"})).isNull();
  }
}
