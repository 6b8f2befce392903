package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet state prune}: lists old runs and never-run plans first, removes their records only
 * with {@code --delete}, keeps the newest published run and the run that set the cursor mark, and
 * leaves every file where it was; the next run still works.
 */
class StatePruneEndToEndTest {
  private static final String TABLE = "rivet_e2e_prune.items";
  private static final Map<String, String> CANONICAL = Map.of("id", "id::text");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS rivet_e2e_prune CASCADE",
        "CREATE SCHEMA rivet_e2e_prune",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY)",
        "INSERT INTO " + TABLE + " SELECT g FROM generate_series(1, 50) g");
  }

  @Test
  @Timeout(180)
  void shouldListThenRemoveOldRunsAndPlansButKeepWhatLaterRunsNeed() throws Exception {
    Path ok = config("ok.yaml", "");
    Path failing = config("failing.yaml", "    quality:\n      row_count_min: 1000\n");
    assertThat(Cli.run("run", "-c", ok.toString()).exitCode()).isZero();
    assertThat(Cli.run("run", "-c", ok.toString(), "--fresh").exitCode()).isZero();
    assertThat(Cli.run("plan", "-c", ok.toString()).exitCode()).isZero();
    assertThat(Cli.run("run", "-c", failing.toString(), "--fresh").exitCode()).isEqualTo(11);
    List<String> before = runLines(ok);
    assertThat(before).hasSize(4);
    List<Path> filesBefore = OutputFiles.dataFiles(ExportedRows.runDirs(out(), "items").get(0), "");

    Cli.Result dry = Cli.run("state", "prune", "-c", ok.toString(), "--older-than", "0s");

    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    // The first run introduced the export's recorded schema and the second is the newest
    // published one: both stay.
    assertThat(dry.out()).contains("2 run(s) older than 0s would be removed; pass --delete");
    assertThat(dry.out()).contains("PLAN (not run)").contains("FAILED");
    assertThat(runLines(ok)).isEqualTo(before);

    Cli.Result pruned =
        Cli.run("state", "prune", "-c", ok.toString(), "--older-than", "0s", "--delete");

    assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
    assertThat(pruned.out()).contains("removed the records of 2 run(s)");
    // Newest first: the failed run, the plan, then the two published runs.
    // (By run id: the STATUS column narrows once no plan is listed.)
    assertThat(runLines(ok).stream().map(StatePruneEndToEndTest::runId))
        .containsExactly(runId(before.get(2)), runId(before.get(3)));
    assertThat(before.get(2)).contains("SUCCEEDED");
    assertThat(before.get(3)).contains("SUCCEEDED");
    for (Path file : filesBefore) {
      assertThat(file).as("files are never touched").exists();
    }
    Cli.Result again = Cli.run("state", "prune", "-c", ok.toString(), "--older-than", "0s");
    assertThat(again.out()).contains("no run of items older than 0s to prune");

    Cli.Result next = Cli.run("run", "-c", ok.toString(), "--fresh");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    Path newest =
        ExportedRows.runDirs(out(), "items").get(ExportedRows.runDirs(out(), "items").size() - 1);
    ColumnChecksums sums = new ColumnChecksums(List.of("id"));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(newest, ".parquet"), sums);
    Map<String, String> source =
        new java.util.LinkedHashMap<>(ColumnChecksums.ofPostgres(TABLE, CANONICAL));
    assertThat(sums.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(sums.sums()).isEqualTo(source);
  }

  @Test
  void aBadDurationShouldBeAUsageError() throws Exception {
    Cli.Result result =
        Cli.run("state", "prune", "-c", config("ok.yaml", "").toString(), "--older-than", "soon");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--older-than 'soon'").contains("30d");
  }

  private static String runId(String line) {
    return line.substring(0, line.indexOf(' '));
  }

  private Path out() {
    return dir.resolve("out");
  }

  /** The data lines of {@code rivet state runs --plans}, newest first. */
  private static List<String> runLines(Path config) {
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString(), "--plans");
    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    return runs.out().lines().filter(l -> l.matches("\\d{8}T\\d{6}Z-.*")).toList();
  }

  private Path config(String name, String extra) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        TestDatabase.sourceYaml()
            + "exports:\n  - name: items\n    table: "
            + TABLE
            + "\n    destination: "
            + out()
            + "\n"
            + extra);
  }
}
