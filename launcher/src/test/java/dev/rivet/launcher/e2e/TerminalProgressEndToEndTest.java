package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet run} in a real pseudo-terminal (a tmux pane, 120 x 30): the live display shows the
 * chunks done out of the total as they are written, then disappears before the summary; the data
 * sent to standard output (redirected to a file) holds the rows and nothing of the display. A run
 * stopped with Ctrl-C removes the display too. Parquet onto the terminal itself is refused.
 */
@Tag("slow")
@Timeout(300)
class TerminalProgressEndToEndTest {
  private static final String TABLE = "progress_tty_e2e";
  private static final String SOCKET = "rivet-progress-test-" + ProcessHandle.current().pid();
  private static final Pattern DISPLAY =
      Pattern.compile(
          "p  chunks (\\d+)/8  rows [\\d,]+  bytes -  rows/s \\S+  ETA \\S+  retries 0");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'note ' || g FROM generate_series(1, 8000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @AfterEach
  void stopTmux() {
    SystemCommand.run("tmux", "-L", SOCKET, "kill-server");
  }

  @Test
  void shouldShowLiveChunkProgressOnTheTerminalAndKeepStandardOutputClean() throws Exception {
    assumeTrue(SystemCommand.run("tmux", "-V").exitCode() == 0, "tmux is not installed");
    start();

    List<Integer> seen = new ArrayList<>();
    Path exitCode = dir.resolve("exit-code");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (!Files.exists(exitCode) && Instant.now().isBefore(deadline)) {
      Matcher m = DISPLAY.matcher(pane());
      if (m.find()) {
        int done = Integer.parseInt(m.group(1));
        if (seen.isEmpty() || seen.get(seen.size() - 1) != done) {
          seen.add(done);
        }
      }
      Thread.sleep(200); // the pane has no change notification: look again shortly
    }
    assertThat(exitCode).as("rivet ended within 4 minutes").exists();
    String finalPane = pane();

    assertThat(Files.readString(exitCode).strip()).as(finalPane).isEqualTo("0");
    assertThat(seen)
        .as("the chunks done, as the display showed them while the run went on")
        .anyMatch(done -> done > 0 && done < 8)
        .isSorted();
    assertThat(finalPane).contains("SUCCEEDED").doesNotContainPattern(DISPLAY);
    String data = Files.readString(dir.resolve("data.csv"), StandardCharsets.UTF_8);
    assertThat(data)
        .doesNotContain("\u001b")
        .doesNotContain("chunks")
        .startsWith("\"id\",\"note\"");
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csvFile(dir.resolve("data.csv"), CsvExports.ID_NOTE))
          .containsExactlyInAnyOrderElementsOf(
              ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
    }
  }

  @Test
  void shouldRemoveTheLiveDisplayWhenTheRunIsInterruptedWithCtrlC() throws Exception {
    assumeTrue(SystemCommand.run("tmux", "-V").exitCode() == 0, "tmux is not installed");
    start();
    Path exitCode = dir.resolve("exit-code");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (!DISPLAY.matcher(pane()).find()) {
      assertThat(Files.exists(exitCode))
          .as("rivet ended before showing progress: %s", pane())
          .isFalse();
      assertThat(Instant.now()).as("progress shown within 4 minutes").isBefore(deadline);
      Thread.sleep(200); // the pane has no change notification: look again shortly
    }

    SystemCommand.run("tmux", "-L", SOCKET, "send-keys", "-t", "p", "C-c");
    while (!Files.exists(exitCode)) {
      assertThat(Instant.now()).as("rivet ended within 4 minutes of Ctrl-C").isBefore(deadline);
      Thread.sleep(200);
    }

    String finalPane = pane();
    assertThat(Files.readString(exitCode).strip()).as(finalPane).isEqualTo("130");
    assertThat(finalPane).doesNotContainPattern(DISPLAY);
  }

  @Test
  void shouldLogChunkLinesOnATerminalJLineCannotDrawOn() throws Exception {
    assumeTrue(SystemCommand.run("tmux", "-V").exitCode() == 0, "tmux is not installed");
    // JLine's dumb terminal provider: no cursor addressing, so no status line.
    start("-Dorg.jline.terminal.provider=dumb");
    Path exitCode = dir.resolve("exit-code");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (!Files.exists(exitCode)) {
      assertThat(DISPLAY.matcher(pane()).find()).as(pane()).isFalse();
      assertThat(Instant.now()).as("rivet ended within 4 minutes").isBefore(deadline);
      Thread.sleep(200); // the pane has no change notification: look again shortly
    }

    String history =
        SystemCommand.run("tmux", "-L", SOCKET, "capture-pane", "-p", "-J", "-S", "-", "-t", "p")
            .output();
    assertThat(Files.readString(exitCode).strip()).as(history).isEqualTo("0");
    assertThat(
            history
                .lines()
                .filter(
                    l ->
                        l.matches(
                            ".*INFO ChunkLines \\[export=p run=\\S+ chunk=\\d+\\] - chunk written:"
                                + " export=p .*")))
        .as(history)
        .hasSize(8);
  }

  @Test
  void shouldRefuseParquetOntoStandardOutputWhenThatIsTheTerminal() throws Exception {
    assumeTrue(SystemCommand.run("tmux", "-V").exitCode() == 0, "tmux is not installed");
    start("", "parquet", "");
    Path exitCode = dir.resolve("exit-code");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (!Files.exists(exitCode)) {
      assertThat(Instant.now()).as("rivet ended within 4 minutes").isBefore(deadline);
      Thread.sleep(200); // the pane has no change notification: look again shortly
    }

    String history =
        SystemCommand.run("tmux", "-L", SOCKET, "capture-pane", "-p", "-J", "-S", "-", "-t", "p")
            .output();
    assertThat(Files.readString(exitCode).strip()).as(history).isEqualTo("2");
    assertThat(history)
        .contains("rivet: error: export 'p' writes Parquet to standard output, which is a terminal")
        .doesNotContain("PAR1")
        .doesNotContain("\tat ");
  }

  /**
   * Starts {@code rivet run} in a tmux pane: eight chunks to standard output (redirected into
   * {@code data.csv}), read one at a time with a 1 s pause after each, so several seconds of
   * progress. The exit code lands in {@code exit-code}; the pane stays open after it.
   */
  private void start() throws Exception {
    start("");
  }

  /** As {@link #start()}, with {@code jvmOptions} (e.g. {@code -Dname=value}) for rivet's JVM. */
  private void start(String jvmOptions) throws Exception {
    start(jvmOptions, "csv", " > data.csv");
  }

  /**
   * As {@link #start(String)}, writing {@code format} with standard output {@code redirect}ed
   * (empty: onto the terminal).
   */
  private void start(String jvmOptions, String format, String redirect) throws Exception {
    Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: p\n    table: "
            + TABLE
            + "\n    format: "
            + format
            + "\n    compression: none\n    destination: '-'\n"
            + "    chunk_rows: 1000\n    parallelism: 1\n    tuning:\n"
            + "      pause_between_chunks: 1s\n");
    Path script =
        Files.writeString(
            dir.resolve("run.sh"),
            // The shell outlives a Ctrl-C meant for rivet, to record its exit code.
            "trap true INT\ncd '"
                + dir
                + "'\n'"
                + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xmx512m "
                + jvmOptions
                + " -cp '"
                + System.getProperty("java.class.path")
                + "' dev.rivet.launcher.Main run -c rivet.yaml"
                + redirect
                + "\n"
                + "echo $? > exit-code.tmp && mv exit-code.tmp exit-code\n"
                + "sleep 300\n");
    SystemCommand.Result started =
        SystemCommand.run(
            "tmux",
            "-L",
            SOCKET,
            "new-session",
            "-d",
            "-s",
            "p",
            "-x",
            "120",
            "-y",
            "30",
            "sh",
            script.toString());
    assertThat(started.exitCode()).as(started.output()).isZero();
  }

  private static String pane() {
    return SystemCommand.run("tmux", "-L", SOCKET, "capture-pane", "-p", "-t", "p").output();
  }
}
