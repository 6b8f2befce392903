package dev.rivet.launcher.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.ExitCodes;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit-code table of docs/cli.md and {@code rivet --help} against the one table in code: every
 * {@link FailureKind} and {@link ExitStatus}, nothing else.
 */
class ExitCodeTableTest {
  private static final Path CLI_DOC = Path.of("..", "docs", "cli.md").toAbsolutePath().normalize();
  private static final String SECTION = "## Errors and exit codes";
  private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");

  @Test
  void cliDocShouldListExactlyTheExitCodesDefinedInCodeWithTheirMeanings() throws IOException {
    List<Map.Entry<Integer, String>> rows = documentedRows();
    Map<Integer, String> documented = new TreeMap<>();
    for (Map.Entry<Integer, String> row : rows) {
      assertThat(documented.put(row.getKey(), row.getValue()))
          .as("exit code %d is listed twice in %s", row.getKey(), CLI_DOC)
          .isNull();
    }

    for (FailureKind kind : FailureKind.values()) {
      assertThat(documented)
          .as("%s's exit code in %s", kind, CLI_DOC)
          .containsEntry(kind.exitCode(), kind.meaning());
    }
    for (ExitStatus status : ExitStatus.values()) {
      assertThat(documented)
          .as("%s's exit code in %s", status, CLI_DOC)
          .containsEntry(status.code(), status.meaning());
    }
    assertThat(documented).as("exit codes of %s", CLI_DOC).isEqualTo(ExitCodes.table());
  }

  @Test
  void everyFailureKindAndExitStatusShouldHaveItsOwnCode() {
    assertThat(ExitCodes.table()).hasSize(FailureKind.values().length + ExitStatus.values().length);
  }

  @Test
  void helpShouldListEveryExitCodeWithItsMeaning() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      code = RivetCommand.execute(new String[] {"--help"}, o, e);
    }
    String help = out.toString(StandardCharsets.UTF_8);

    assertThat(code).isEqualTo(ExitStatus.SUCCESS.code());
    assertThat(help).contains("Exit codes:");
    // Picocli wraps long meanings: compare with all whitespace runs as one space.
    String list = help.substring(help.indexOf("Exit codes:")).replaceAll("\\s+", " ");
    ExitCodes.table()
        .forEach((exit, meaning) -> assertThat(list).contains(" " + exit + " " + meaning + " "));
  }

  @Test
  void aCommandLineUsageErrorShouldExitWithTheConfigurationCode() {
    int code;
    try (PrintStream o =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      code = RivetCommand.execute(new String[] {"plan", "--no-such-option"}, o, e);
    }

    assertThat(code).isEqualTo(FailureKind.USER_CONFIG.exitCode());
    assertThat(FailureKind.USER_CONFIG.meaning()).contains("command line");
  }

  /** The rows of the first table after the exit-code heading, meanings without backticks. */
  private static List<Map.Entry<Integer, String>> documentedRows() throws IOException {
    List<String> lines = Files.readAllLines(CLI_DOC, StandardCharsets.UTF_8);
    int heading = lines.indexOf(SECTION);
    assertThat(heading).as("heading '%s' in %s", SECTION, CLI_DOC).isNotNegative();
    List<Map.Entry<Integer, String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("|")) {
        inTable = true;
        Matcher row = ROW.matcher(line);
        if (row.matches()) {
          rows.add(Map.entry(Integer.parseInt(row.group(1)), row.group(2).replace("`", "")));
        }
      } else if (inTable) {
        break;
      }
    }
    assertThat(rows).as("exit-code rows under '%s' in %s", SECTION, CLI_DOC).isNotEmpty();
    return rows;
  }
}
