package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rivet completion bash|zsh|fish}: prints a completion script for the shell, generated from
 * the same command model the parser uses (bash and zsh: picocli's generator; fish: one {@code
 * complete} line per command and option).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description =
        "Print a shell completion script: bash (source it, or put it in"
            + " /etc/bash_completion.d/rivet), zsh (the same script; it loads bashcompinit) or"
            + " fish (put it in ~/.config/fish/completions/rivet.fish).")
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh,
    fish
  }

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    PrintWriter out = spec.commandLine().getOut();
    out.print(shell == Shell.fish ? fish(root) : AutoComplete.bash("rivet", root));
    out.flush();
    return ExitStatus.SUCCESS.code();
  }

  /** A fish script: subcommands offered where they may come, then each command's options. */
  static String fish(CommandLine root) {
    StringBuilder out = new StringBuilder("# fish completion for rivet (rivet completion fish)\n");
    out.append("complete -c rivet -f\n");
    fish(out, root, List.of());
    return out.toString();
  }

  private static void fish(StringBuilder out, CommandLine command, List<String> path) {
    Map<String, CommandLine> subcommands = command.getSubcommands();
    String here = condition(path, subcommands.keySet());
    for (Map.Entry<String, CommandLine> sub : subcommands.entrySet()) {
      out.append("complete -c rivet -n ")
          .append(quote(here))
          .append(" -a ")
          .append(quote(sub.getKey()))
          .append(" -d ")
          .append(quote(first(sub.getValue().getCommandSpec().usageMessage().description())))
          .append('\n');
    }
    if (!path.isEmpty()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.hidden()) {
          continue;
        }
        out.append("complete -c rivet -n ").append(quote(here));
        for (String name : option.names()) {
          if (name.startsWith("--")) {
            out.append(" -l ").append(name.substring(2));
          } else if (name.startsWith("-") && name.length() == 2) {
            out.append(" -s ").append(name.substring(1));
          }
        }
        if (option.arity().max() > 0) {
          out.append(" -r");
          if (option.completionCandidates() != null) {
            List<String> values = new ArrayList<>();
            option.completionCandidates().forEach(values::add);
            out.append(" -a ").append(quote(String.join(" ", values)));
          } else {
            out.append(" -F");
          }
        }
        out.append(" -d ").append(quote(first(option.description()))).append('\n');
      }
    }
    for (Map.Entry<String, CommandLine> sub : subcommands.entrySet()) {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(sub.getKey());
      fish(out, sub.getValue(), deeper);
    }
  }

  /**
   * The fish condition that holds when the command line has exactly {@code path} as its subcommands
   * and none of {@code next} yet.
   */
  private static String condition(List<String> path, Iterable<String> next) {
    List<String> parts = new ArrayList<>();
    if (path.isEmpty()) {
      parts.add("__fish_use_subcommand");
    } else {
      for (String word : path) {
        parts.add("__fish_seen_subcommand_from " + word);
      }
      List<String> names = new ArrayList<>();
      next.forEach(names::add);
      if (!names.isEmpty()) {
        parts.add("not __fish_seen_subcommand_from " + String.join(" ", names));
      }
    }
    return String.join("; and ", parts);
  }

  private static String first(String[] description) {
    if (description.length == 0) {
      return "";
    }
    String text = description[0];
    int stop = text.indexOf(". ");
    return stop < 0 ? text : text.substring(0, stop + 1);
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
