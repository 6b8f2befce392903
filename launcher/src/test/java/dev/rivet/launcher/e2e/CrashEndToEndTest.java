package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.CrashPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the rivet process (a JVM halt, like {@code kill -9}) at each crash point of a run, then
 * runs the same config again: the published output must be exactly the source's rows, with no
 * duplicate, no loss and no orphan file.
 */
@Tag("slow")
@Timeout(600)
class CrashEndToEndTest {
  private static final String TABLE = "rivet_crash_e2e";
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, seq bigint NOT NULL, note text)",
        "INSERT INTO " + TABLE + " SELECT g, g, 'n' || g FROM generate_series(1, 20000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @ParameterizedTest(name = "crash at {0}")
  @ValueSource(
      strings = {
        "config-loaded",
        "plan-stored",
        "chunk-file-renamed",
        "chunks-written",
        "manifest-written",
        "success-written"
      })
  void shouldPublishExactlyTheSourceRowsAfterACrashAndAPlainRerun(String point) throws Exception {
    Path config = config("mode: full");

    assertThat(crash(point).exitCode()).isEqualTo(CrashPoint.EXIT_CODE);
    Cli.Result rerun = Cli.run("run", "-c", config.toString());

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    Path published = onlyPublishedRun();
    assertThat(ExportedRows.csv(published, ID_NOTE)).isEqualTo(truth());
    assertNoOrphans(published);
  }

  @ParameterizedTest(name = "crash at {0} on Flink")
  @ValueSource(strings = {"chunk-file-renamed", "manifest-written"})
  void shouldRecoverTheSameWayOnTheFlinkRunner(String point) throws Exception {
    Path config = config("mode: full");

    assertThat(crash(point, "--runner", "flink").exitCode()).isEqualTo(CrashPoint.EXIT_CODE);
    Cli.Result rerun = Cli.run("run", "-c", config.toString(), "--runner", "flink");

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    Path published = onlyPublishedRun();
    assertThat(ExportedRows.csv(published, ID_NOTE)).isEqualTo(truth());
    assertNoOrphans(published);
  }

  @Test
  void shouldRecoverFromACrashAfterAChunkFileOnMariaDb() throws Exception {
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS rivet_crash_my",
        "CREATE TABLE rivet_crash_my (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL,"
            + " note VARCHAR(20))",
        "INSERT INTO rivet_crash_my SELECT seq, seq, CONCAT('n', seq) FROM seq_1_to_20000");
    try {
      Files.writeString(
          dir.resolve("rivet.yaml"),
          TestMariaDb.sourceYaml()
              + "state: state.db\nexports:\n  - name: c\n    table: rivet_crash_my\n"
              + "    format: csv\n    compression: none\n    destination: out\n"
              + "    chunk_rows: 5000\n    parallelism: 1\n");

      assertThat(crash("chunk-file-renamed").exitCode()).isEqualTo(CrashPoint.EXIT_CODE);
      Cli.Result rerun = Cli.run("run", "-c", dir.resolve("rivet.yaml").toString());

      assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
      Path published = onlyPublishedRun();
      try (Connection c = TestMariaDb.connect()) {
        assertThat(ExportedRows.csv(published, ID_NOTE))
            .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM rivet_crash_my"));
      }
      assertNoOrphans(published);
    } finally {
      TestMariaDb.execute("DROP TABLE IF EXISTS rivet_crash_my");
    }
  }

  @Test
  void shouldMoveTheIncrementalMarkOnlyWhenTheResumedRunIsPublished() throws Exception {
    Path config = config("mode: incremental", "cursor: {column: seq, type: int}");

    assertThat(crash("success-written").exitCode()).isEqualTo(CrashPoint.EXIT_CODE);
    Cli.Result cursors = Cli.run("state", "cursors", "-c", config.toString());
    assertThat(cursors.out()).doesNotContain("20000");

    Cli.Result rerun = Cli.run("run", "-c", config.toString());

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.err()).contains("resuming unfinished run");
    assertThat(Cli.run("state", "cursors", "-c", config.toString()).out()).contains("20000");
    Path published = onlyPublishedRun();
    assertThat(ExportedRows.csv(published, ID_NOTE)).isEqualTo(truth());
    assertNoOrphans(published);
  }

  private Cli.Result crash(String point, String... flags) throws Exception {
    Path out = dir.resolve("crash-out.txt");
    Path err = dir.resolve("crash-err.txt");
    Process process =
        JavaProcess.start(
            dir,
            "512m",
            Map.of("RIVET_CRASH_AT", point, "RIVET_LEASE_TTL_SECONDS", KilledLeases.SHORT_TTL),
            out,
            err,
            Stream.concat(Stream.of("run", "-c", "rivet.yaml"), Stream.of(flags))
                .toArray(String[]::new));
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("rivet did not reach crash point " + point);
    }
    String stderr = Files.readString(err);
    assertThat(stderr).as("the crash point was reached").contains("RIVET_CRASH_AT=" + point);
    // The halted process kept its lease on the export; the rerun may take it once it lapses.
    KilledLeases.awaitExpiry(dir.resolve("state.db"));
    return new Cli.Result(process.exitValue(), Files.readString(out), stderr);
  }

  /** The one run folder with a _SUCCESS; other run folders must hold no data file. */
  private Path onlyPublishedRun() throws Exception {
    List<Path> published = new ArrayList<>();
    for (Path run : ExportedRows.runDirs(dir.resolve("out"), "c")) {
      if (Files.exists(run.resolve("_SUCCESS"))) {
        published.add(run);
      } else {
        try (Stream<Path> files = Files.list(run)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .as("an unpublished run folder %s", run)
              .noneMatch(name -> name.startsWith("part-"));
        }
      }
    }
    assertThat(published).hasSize(1);
    return published.get(0);
  }

  /** Every file in the folder is listed in the manifest, or is the manifest or _SUCCESS. */
  private static void assertNoOrphans(Path run) throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    List<String> listed = new ArrayList<>();
    manifest
        .get("files")
        .forEach(f -> listed.add(Path.of(f.get("path").asText()).getFileName().toString()));
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(listed.stream(), Stream.of("manifest.json", "_SUCCESS")).toList());
    }
  }

  private Path config(String... modeLines) throws Exception {
    StringBuilder yaml =
        new StringBuilder(TestDatabase.sourceYaml())
            .append("state: state.db\nexports:\n  - name: c\n    table: ")
            .append(TABLE)
            .append(
                "\n    format: csv\n    compression: none\n    destination: out\n"
                    + "    chunk_rows: 5000\n    parallelism: 1\n");
    for (String line : modeLines) {
      yaml.append("    ").append(line).append('\n');
    }
    return Files.writeString(dir.resolve("rivet.yaml"), yaml.toString());
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
