package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures outside the source: a destination that fills up mid-write, and a state store that is
 * locked by another process or missing. Each ends with a clear error and, once the cause is gone, a
 * run whose output is exactly the source.
 */
@Tag("slow")
@Timeout(300)
class DestinationAndStateFailureTest {
  private static final String TABLE = "rivet_dest_state_e2e";
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        // About 6 MB of CSV: more than the 2 MiB file system below holds.
        "INSERT INTO "
            + TABLE
            + " SELECT g, repeat('x', 40) || g FROM generate_series(1, 120000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFailCleanlyWhenTheDiskFillsUpAndFinishOnceThereIsRoom() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    assumeTrue(
        exec("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString()) == 0,
        "mounting a small tmpfs needs root; skipped where it is not allowed");
    try {
      Path config = config("small/out", "state.db");

      Cli.Result full = Cli.run("run", "-c", config.toString());

      assertThat(full.exitCode()).as(full.toString()).isEqualTo(5);
      assertThat(full.err()).contains("No space left on device").doesNotContain("\tat ");
      Path runDir = ExportedRows.runDirs(small.resolve("out"), "d").get(0);
      assertThat(runDir.resolve("_SUCCESS")).doesNotExist();
      assertThat(Cli.run("state", "runs", "-c", config.toString()).out()).contains("FAILED");

      assertThat(exec("mount", "-o", "remount,size=64m", small.toString())).isZero();
      Cli.Result again = Cli.run("run", "-c", config.toString());

      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.err()).contains("resuming unfinished run");
      assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth());
      try (Stream<Path> files = Files.list(runDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
      }
    } finally {
      exec("umount", small.toString());
    }
  }

  @Test
  void shouldReportALockedStateStoreAndRunOnceTheLockIsGone() throws Exception {
    Path config = config("out", "state.db");
    assertThat(Cli.run("state", "runs", "-c", config.toString()).exitCode()).isZero();
    Cli.Result locked;
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        Statement st = holder.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");

      locked = Cli.run("run", "-c", config.toString());
    }

    assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(6);
    assertThat(locked.err())
        .contains("state store")
        .containsIgnoringCase("locked")
        .doesNotContain("\tat ");
    Cli.Result after = Cli.run("run", "-c", config.toString());
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(ExportedRows.csv(ExportedRows.runDirs(dir.resolve("out"), "d").get(0), ID_NOTE))
        .isEqualTo(truth());
  }

  @Test
  void shouldStartOverWhenTheStateStoreIsMissingAndRefuseToResumeWithoutIt() throws Exception {
    Path config = config("out", "state/state.db");
    assertThat(Cli.run("run", "-c", config.toString()).exitCode()).isZero();
    Files.delete(dir.resolve("state/state.db"));
    Files.deleteIfExists(dir.resolve("state/state.db-wal"));
    Files.deleteIfExists(dir.resolve("state/state.db-shm"));

    Cli.Result resume = Cli.run("run", "-c", config.toString(), "--resume");

    assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err()).contains("has no run to resume");
    Cli.Result fresh = Cli.run("run", "-c", config.toString());
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "d");
    assertThat(runs).hasSize(2);
    assertThat(ExportedRows.csv(runs.get(1), ID_NOTE)).isEqualTo(truth());
  }

  private Path config(String destination, String state) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: "
            + state
            + "\n"
            + "exports:\n"
            + "  - name: d\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    compression: none\n"
            + "    destination: "
            + destination
            + "\n"
            + "    chunk_rows: 30000\n"
            + "    parallelism: 1\n");
  }

  private static int exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
