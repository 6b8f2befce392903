package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet completion}: the bash script, loaded into a real bash, completes subcommands, nested
 * subcommands and options; fish gets one {@code complete} line per command and option (checked by
 * fish itself where it is installed); a shell Rivet does not know is a usage error.
 */
class CompletionEndToEndTest {
  @TempDir Path dir;

  @Test
  void bashScriptShouldCompleteCommandsNestedCommandsAndOptions() throws Exception {
    Cli.Result script = Cli.run("completion", "bash");
    assertThat(script.exitCode()).as(script.toString()).isZero();
    Path file = Files.writeString(dir.resolve("rivet.bash"), script.out());

    assertThat(complete(file, "rivet", "in")).containsExactly("init");
    assertThat(complete(file, "rivet", "state", "sc")).containsExactly("schema");
    assertThat(complete(file, "rivet", "run", "--exp")).containsExactly("--export");
    assertThat(complete(file, "rivet", "completion", "")).contains("bash", "zsh", "fish");
  }

  @Test
  void zshShouldLoadTheSameScript() throws Exception {
    assumeTrue(onPath("zsh"), "zsh is not installed");
    Cli.Result script = Cli.run("completion", "zsh");
    Path file = Files.writeString(dir.resolve("rivet.zsh"), script.out());

    Process zsh =
        new ProcessBuilder("zsh", "-c", "autoload -U compinit && compinit -u; source " + file)
            .redirectErrorStream(true)
            .start();
    String out = new String(zsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(zsh.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(zsh.exitValue()).as(out).isZero();
  }

  @Test
  void fishScriptShouldOfferEveryCommandAndItsOptions() throws Exception {
    Cli.Result script = Cli.run("completion", "fish");

    assertThat(script.exitCode()).as(script.toString()).isZero();
    assertThat(script.out())
        .contains("complete -c rivet -n '__fish_use_subcommand' -a 'init' -d 'Write a commented")
        .contains(
            "complete -c rivet -n '__fish_seen_subcommand_from state; and not"
                + " __fish_seen_subcommand_from")
        .contains("-a 'schema'")
        .contains("complete -c rivet -n '__fish_seen_subcommand_from run' -l export -r -F");
    if (onPath("fish")) {
      Path file = Files.writeString(dir.resolve("rivet.fish"), script.out());
      assertThat(fishComplete(file, "rivet st")).contains("state");
      assertThat(fishComplete(file, "rivet state sc")).containsExactly("schema");
      assertThat(fishComplete(file, "rivet run --exp")).containsExactly("--export");
    }
  }

  @Test
  void anUnknownShellShouldBeAUsageError() {
    Cli.Result result = Cli.run("completion", "tcsh");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("tcsh").contains("bash, zsh, fish");
  }

  /** What bash offers for the last word of {@code words}, with the script loaded. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String array =
        String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
    String line = String.join(" ", words);
    String program =
        "source "
            + script
            + "\nCOMP_WORDS=("
            + array
            + ")\nCOMP_CWORD="
            + (words.length - 1)
            + "\nCOMP_LINE='"
            + line
            + "'\nCOMP_POINT="
            + line.length()
            + "\n_complete_rivet\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    // compopt complains on stderr when called outside a real completion; only stdout is read.
    Process bash =
        new ProcessBuilder("bash", "-c", program)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
  }

  /** What fish offers for {@code line} (candidates without their descriptions). */
  private static List<String> fishComplete(Path script, String line) throws Exception {
    Process fish =
        new ProcessBuilder("fish", "-c", "source " + script + "; complete -C '" + line + "'")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(fish.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(fish.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(fish.exitValue()).as(out).isZero();
    return out.lines().map(l -> l.split("\t", 2)[0]).filter(l -> !l.isBlank()).toList();
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
