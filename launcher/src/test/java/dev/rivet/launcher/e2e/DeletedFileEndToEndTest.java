package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished data file deleted by someone else while later chunks are still being read is never
 * published: before the manifest is written every file is looked up with its size, the chunk that
 * wrote a missing file is read again, and the published run is exact.
 */
@Timeout(300)
class DeletedFileEndToEndTest {
  private static final String TABLE = "rivet_deleted_file_e2e_" + ProcessHandle.current().pid();
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 60000) g",
        "ANALYZE " + TABLE);
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT seq, CONCAT('n', seq) FROM seq_1_to_60000",
        "ANALYZE TABLE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
    TestMariaDb.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadAChunkAgainWhenItsFileWasDeletedDuringTheRun() throws Exception {
    Path config = config();
    Deleter deleter = Deleter.start(dir.resolve("out").resolve("d"));

    Cli.Result run;
    try {
      run = Cli.run("run", "-c", config.toString());
    } finally {
      deleter.stop();
    }

    assertThat(deleter.deletedBeforePublishing())
        .as("the test deleted a finished file while the run was still going: %s", run)
        .isTrue();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertPublishedExactly(onlyRun());
    assertReadTwiceOnlyTheChunkOf(deleter.deleted(), config);
  }

  @Test
  void shouldReadAChunkAgainWhenItsFileWasDeletedUnderAWorker() throws Exception {
    Path config = config();
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];
    Deleter deleter = Deleter.start(dir.resolve("out").resolve("d"));

    Cli.Result worker;
    try {
      worker = Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker");
    } finally {
      deleter.stop();
    }

    assertThat(deleter.deletedBeforePublishing()).as(worker.toString()).isTrue();
    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertPublishedExactly(onlyRun());
    assertReadTwiceOnlyTheChunkOf(deleter.deleted(), config);
  }

  /** The chunk that wrote the deleted file was read twice, every other chunk once. */
  private static void assertReadTwiceOnlyTheChunkOf(Path deleted, Path config) {
    String name = deleted.getFileName().toString();
    int chunk = Integer.parseInt(name.substring("part-".length(), "part-".length() + 5));
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    List<String> rows = chunks.out().lines().filter(l -> l.matches("\\d+ .*")).toList();
    assertThat(rows).as(chunks.toString()).hasSize(20);
    for (String row : rows) {
      String attempts = row.startsWith(chunk + " ") ? "2" : "1";
      assertThat(row).as(chunks.toString()).matches(".*PUBLISHED\\s+" + attempts + "\\s.*");
    }
  }

  @Test
  void shouldReadAChunkAgainWhenItsFileWasDeletedDuringAMariaDbRun() throws Exception {
    Path config = config(TestMariaDb.sourceYaml());
    Deleter deleter = Deleter.start(dir.resolve("out").resolve("d"));

    Cli.Result run;
    try {
      run = Cli.run("run", "-c", config.toString());
    } finally {
      deleter.stop();
    }

    assertThat(deleter.deletedBeforePublishing()).as(run.toString()).isTrue();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = onlyRun();
    assertManifestFilesInPlace(runDir);
    try (Connection db = TestMariaDb.connect()) {
      assertThat(ExportedRows.csv(runDir, ID_NOTE))
          .isEqualTo(ExportedRows.query(db, "SELECT id, note FROM " + TABLE));
    }
    assertReadTwiceOnlyTheChunkOf(deleter.deleted(), config);
  }

  /** The manifest lists files that are all there with their sizes, and they hold the source. */
  private static void assertPublishedExactly(Path runDir) throws Exception {
    assertManifestFilesInPlace(runDir);
    try (Connection db = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDir, ID_NOTE))
          .isEqualTo(ExportedRows.query(db, "SELECT id, note FROM " + TABLE));
    }
  }

  private static void assertManifestFilesInPlace(Path runDir) throws Exception {
    assertThat(runDir.resolve("_SUCCESS")).exists();
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    for (JsonNode file : manifest.get("files")) {
      Path path = runDir.resolve(file.get("name").asText());
      assertThat(path).exists();
      assertThat(Files.size(path)).isEqualTo(file.get("bytes").asLong());
    }
  }

  private Path onlyRun() throws IOException {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "d");
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  private Path config() throws IOException {
    return config(TestDatabase.sourceYaml());
  }

  private Path config(String sourceYaml) throws IOException {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        sourceYaml
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: d\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    compression: none\n"
            + "    destination: out\n"
            + "    chunk_rows: 3000\n"
            + "    parallelism: 1\n");
  }

  /**
   * Deletes the first finished data file that appears under an export's folder, as another process
   * cleaning up the destination would, and notes whether the run was published by then.
   */
  private static final class Deleter {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Path> deleted = new AtomicReference<>();
    private final AtomicBoolean published = new AtomicBoolean();
    private final Thread thread;

    private Deleter(Path exportDir) {
      thread = new Thread(() -> watch(exportDir), "file-deleter");
      thread.setDaemon(true);
    }

    static Deleter start(Path exportDir) {
      Deleter deleter = new Deleter(exportDir);
      deleter.thread.start();
      return deleter;
    }

    private void watch(Path exportDir) {
      while (running.get() && deleted.get() == null) {
        try (Stream<Path> files = Files.walk(exportDir)) {
          List<Path> all = files.toList();
          Path part =
              all.stream()
                  .filter(p -> p.getFileName().toString().matches("part-\\d{5}\\.csv"))
                  .findFirst()
                  .orElse(null);
          if (part != null) {
            published.set(all.stream().anyMatch(p -> p.endsWith("_SUCCESS")));
            Files.delete(part);
            deleted.set(part);
          }
        } catch (IOException | RuntimeException notYet) {
          // The folder does not exist yet, or a file moved while it was listed.
        }
        Thread.onSpinWait();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    Path deleted() {
      return deleted.get();
    }

    boolean deletedBeforePublishing() {
      return deleted.get() != null && !published.get();
    }
  }
}
