package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that goes away mid-stream ({@code rivet run ... | head -c 64k}) is a destination failure
 * on the stdout path, as a full disk is on the file path: exit 5, the run FAILED with DESTINATION,
 * the chunk not read again.
 */
@Timeout(180)
class StdoutBrokenPipeEndToEndTest {
  private static final String TABLE = "stdoutpipe_e2e_" + ProcessHandle.current().pid();

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    // About 20 MB of CSV: far more than the reader takes before it closes the pipe.
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, repeat('x', 200) FROM generate_series(1, 100000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFailTheRunAsADestinationFailureWhenTheReaderClosesThePipe() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\n"
                + "exports:\n"
                + "  - name: s\n"
                + "    table: "
                + TABLE
                + "\n"
                + "    format: csv\n"
                + "    compression: none\n"
                + "    destination: '-'\n"
                + "    chunk_rows: 50000\n");
    Path err = dir.resolve("err.txt");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.rivet.launcher.Main",
            "run",
            "-c",
            config.toString());
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
    try (InputStream out = process.getInputStream()) {
      byte[] head = out.readNBytes(64 * 1024);
      assertThat(new String(head, StandardCharsets.UTF_8)).startsWith("\"id\",\"note\"");
    } // closing our end: the next writes of the child fail with a broken pipe
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(stderr).isEqualTo(5);
    assertThat(stderr)
        .contains("cannot write to standard output")
        .contains("hint:")
        .doesNotContain("\tat ");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs.out()).contains("FAILED").contains("cannot write to standard output");
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    // The first chunk's rows were partly sent: it failed once and was not read again.
    assertThat(chunks.out().lines().skip(1).findFirst().orElseThrow())
        .containsPattern("\\sFAILED\\s+1\\s")
        .contains("DESTINATION");
  }
}
