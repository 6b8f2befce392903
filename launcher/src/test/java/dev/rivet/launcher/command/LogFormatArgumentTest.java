package dev.rivet.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RivetCommand#execute(String[], PrintStream, PrintStream, java.util.function.Consumer)}
 * hands the {@code --log-format} wherever the command line gives it to the hook that configures
 * logging, before the command runs, and does not call the hook when nothing will run: help, the
 * version, a usage error.
 */
class LogFormatArgumentTest {
  @TempDir Path dir;

  /** The formats the hook was given, in order. */
  private List<LogFormat> formats(String... args) {
    List<LogFormat> given = new ArrayList<>();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
      RivetCommand.execute(args, out, out, given::add);
    }
    return given;
  }

  private String missingConfig() {
    return dir.resolve("missing.yaml").toString();
  }

  @Test
  void shouldGiveTheFormatBeforeOrAfterTheSubcommandInEitherSpelling() {
    assertThat(formats("--log-format", "json", "validate", "-c", missingConfig()))
        .containsExactly(LogFormat.JSON);
    assertThat(formats("validate", "-c", missingConfig(), "--log-format=json"))
        .containsExactly(LogFormat.JSON);
    assertThat(formats("validate", "-c", missingConfig(), "--log-format", "text"))
        .containsExactly(LogFormat.TEXT);
  }

  @Test
  void shouldGiveTextWhenTheCommandLineNamesNoFormat() {
    assertThat(formats("validate", "-c", missingConfig())).containsExactly(LogFormat.TEXT);
  }

  @Test
  void shouldReadTheFormatFromAnArgumentFile() throws Exception {
    Path arguments = Files.writeString(dir.resolve("args"), "--log-format\njson\n");

    assertThat(formats("@" + arguments, "validate", "-c", missingConfig()))
        .containsExactly(LogFormat.JSON);
  }

  @Test
  void shouldNotCallTheHookForHelpTheVersionOrAUsageError() {
    assertThat(formats("--help")).isEmpty();
    assertThat(formats("--version")).isEmpty();
    assertThat(formats("run", "--help")).isEmpty();
    assertThat(formats("--log-format", "json", "state", "runs", "-h")).isEmpty();
    assertThat(formats("run", "--log-format", "xml")).isEmpty();
    assertThat(formats("nosuchcommand", "--log-format", "json")).isEmpty();
  }
}
