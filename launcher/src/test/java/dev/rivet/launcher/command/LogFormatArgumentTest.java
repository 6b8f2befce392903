package dev.rivet.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.logging.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RivetCommand#logFormat} finds {@code --log-format} wherever the command line gives it, and
 * parses the command line only when it may name it.
 */
class LogFormatArgumentTest {
  @TempDir Path dir;

  @Test
  void shouldFindTheFormatBeforeOrAfterTheSubcommandInEitherSpelling() {
    assertThat(RivetCommand.logFormat(new String[] {"--log-format", "json", "plan", "-c", "x"}))
        .isEqualTo(LogFormat.JSON);
    assertThat(RivetCommand.logFormat(new String[] {"run", "-c", "x", "--log-format=json"}))
        .isEqualTo(LogFormat.JSON);
    assertThat(RivetCommand.logFormat(new String[] {"run", "--log-format", "text"}))
        .isEqualTo(LogFormat.TEXT);
  }

  @Test
  void shouldBeTextWhenTheCommandLineDoesNotNameOneOrDoesNotParse() {
    assertThat(RivetCommand.logFormat(new String[] {"--help"})).isEqualTo(LogFormat.TEXT);
    assertThat(RivetCommand.logFormat(new String[] {"run", "-c", "x"})).isEqualTo(LogFormat.TEXT);
    assertThat(RivetCommand.logFormat(new String[] {"run", "--log-format", "xml"}))
        .isEqualTo(LogFormat.TEXT);
    assertThat(RivetCommand.logFormat(new String[] {"nosuchcommand", "--log-format", "json"}))
        .isEqualTo(LogFormat.TEXT);
  }

  @Test
  void shouldReadTheFormatFromAnArgumentFile() throws Exception {
    Path arguments = Files.writeString(dir.resolve("args"), "--log-format\njson\n");

    assertThat(RivetCommand.logFormat(new String[] {"@" + arguments, "run", "-c", "x"}))
        .isEqualTo(LogFormat.JSON);
  }

  @Test
  void shouldParseOnlyWhenAnArgumentMayNameTheFormat() {
    assertThat(RivetCommand.mayNameLogFormat(new String[] {"--help"})).isFalse();
    assertThat(RivetCommand.mayNameLogFormat(new String[] {"run", "-c", "rivet.yaml"})).isFalse();
    assertThat(RivetCommand.mayNameLogFormat(new String[] {"run", "--log-format=json"})).isTrue();
    assertThat(RivetCommand.mayNameLogFormat(new String[] {"@args"})).isTrue();
  }
}
