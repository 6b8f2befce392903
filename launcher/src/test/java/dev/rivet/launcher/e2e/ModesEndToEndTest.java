package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extract modes on real PostgreSQL: every run's output equals the SQL truth for the range it
 * planned, compared row by row (key and content).
 */
@Timeout(300)
class ModesEndToEndTest {
  private static final String SCHEMA = "rivet_modes_e2e";
  private static final List<String> ID_NOTE = CsvExports.ID_NOTE;

  @TempDir Path dir;

  private CsvExports exports;

  @BeforeEach
  void exports() {
    exports = new CsvExports(dir, TestDatabase.sourceYaml());
  }

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldLoseNothingOverThreeIncrementalRunsAndCatchLateRowsInTheLookback() throws Exception {
    String t = SCHEMA + ".inc_events";
    TestDatabase.execute(
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, updated_at timestamptz,"
            + " created_at timestamptz NOT NULL, note text, due date)",
        "CREATE INDEX ON " + t + " (updated_at)",
        // Every tenth row was never updated: its cursor falls back to created_at.
        "INSERT INTO "
            + t
            + " SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE"
            + " timestamptz '2026-01-01 00:00Z' + g * interval '1 minute' END,"
            + " timestamptz '2026-01-01 00:00Z' + g * interval '1 minute', 'v1-' || g, NULL"
            + " FROM generate_series(1, 3000) g",
        "ANALYZE " + t);
    Path config =
        exports.config(
            "inc",
            "table: " + t,
            "mode: incremental",
            "cursor: {column: updated_at, type: timestamp, fallback: created_at, lookback: 2h}",
            "chunk_rows: 700",
            "on_infinity: fail");
    String cursor = "COALESCE(updated_at, created_at)";

    // Run 1: the whole history.
    List<String> run1 = exports.run(config, "inc");
    assertThat(run1).isEqualTo(truth("SELECT id, note FROM " + t));
    String mark1 = mark(config, "inc");
    assertThat(mark1).isEqualTo("2026-01-03T02:00Z");

    // Between runs: new rows, updates of old rows, and a late row stamped within the lookback.
    TestDatabase.execute(
        "INSERT INTO "
            + t
            + " SELECT g, timestamptz '2026-01-01 00:00Z' + g * interval '1 minute',"
            + " now(), 'v1-' || g, NULL FROM generate_series(3001, 3500) g",
        "UPDATE "
            + t
            + " SET note = 'v2-' || id, updated_at = timestamptz '2026-01-03 10:00Z'"
            + " + id * interval '1 second' WHERE id % 100 = 7",
        "INSERT INTO "
            + t
            + " VALUES (9001, timestamptz '2026-01-03 01:00Z', now(), 'late', NULL)");
    List<String> run2 = exports.run(config, "inc");
    String mark2 = mark(config, "inc");
    assertThat(run2)
        .isEqualTo(
            truth(
                "SELECT id, note FROM "
                    + t
                    + " WHERE "
                    + cursor
                    + " >= timestamptz '"
                    + mark1
                    + "' - interval '2 hours' + interval '1 microsecond' AND "
                    + cursor
                    + " <= timestamptz '"
                    + mark2
                    + "'"))
        .contains("9001|late", "3500|v1-3500", "107|v2-107");
    assertThat(mark2).isEqualTo("2026-01-03T10:56:47Z");

    // A failed run never moves the mark.
    TestDatabase.execute(
        "INSERT INTO "
            + t
            + " VALUES (9002, timestamptz '2026-01-04 00:00Z', now(), 'bad',"
            + " 'infinity')");
    Cli.Result failed = Cli.run("run", "-c", config.toString(), "--export", "inc");
    assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
    assertThat(mark(config, "inc")).isEqualTo(mark2);

    // Run 3 after the fix: a late row stamped inside the lookback window is caught.
    TestDatabase.execute(
        "UPDATE " + t + " SET due = NULL WHERE id = 9002",
        "INSERT INTO "
            + t
            + " VALUES (9003, timestamptz '"
            + mark2
            + "' - interval '1 hour',"
            + " now(), 'late-2', NULL)");
    // --fresh: plan a new window rather than finish the failed run (which a plain run would do).
    List<String> run3 = exports.run(config, "inc", "--fresh");
    assertThat(run3).contains("9002|bad", "9003|late-2");
    assertThat(run3)
        .isEqualTo(
            truth(
                "SELECT id, note FROM "
                    + t
                    + " WHERE "
                    + cursor
                    + " > timestamptz '"
                    + mark2
                    + "' - interval '2 hours' AND "
                    + cursor
                    + " <= timestamptz '2026-01-04 00:00Z'"));

    // Nothing lost: every current row version was exported by some run.
    Set<String> exported = new HashSet<>(run1);
    exported.addAll(run2);
    exported.addAll(run3);
    assertThat(exported).containsAll(truth("SELECT id, note FROM " + t));
    // The lookback duplicates are countable: chunk 0 of a later run re-reads the window alone.
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString(), "--export", "inc");
    assertThat(cell(chunks, "0 ", "ROWS"))
        .as(chunks.toString())
        .isEqualTo(
            truth(
                    "SELECT count(*) FROM "
                        + t
                        + " WHERE "
                        + cursor
                        + " > timestamptz '"
                        + mark2
                        + "' - interval '2 hours' AND "
                        + cursor
                        + " <= timestamptz '"
                        + mark2
                        + "'")
                .get(0));
  }

  /** The cell under {@code header} of the first table line starting with {@code rowPrefix}. */
  private static String cell(Cli.Result table, String rowPrefix, String header) {
    List<String> lines = table.out().lines().toList();
    int at = lines.get(0).indexOf(header);
    return lines.stream()
        .filter(l -> l.startsWith(rowPrefix))
        .map(l -> l.substring(at).split("\\s+")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + rowPrefix + " in\n" + table));
  }

  @Test
  void shouldExportAQueryIncrementallyWithTheCursorWrapped() throws Exception {
    String t = SCHEMA + ".inc_query";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, seq bigint NOT NULL, note text)",
        "INSERT INTO " + t + " SELECT g, g * 10, 'n' || g FROM generate_series(1, 1000) g");
    String query = "SELECT id, seq, note FROM " + t + " WHERE id % 3 <> 0";
    Path config =
        exports.config(
            "incq",
            "query: \"" + query + "\"",
            "mode: incremental",
            "cursor: {column: seq, type: int}");

    assertThat(exports.run(config, "incq"))
        .isEqualTo(truth("SELECT id, note FROM (" + query + ") q"));
    assertThat(mark(config, "incq")).isEqualTo("10000");

    TestDatabase.execute(
        "INSERT INTO " + t + " SELECT g, g * 10, 'n' || g FROM generate_series(1001, 1100) g");
    assertThat(exports.run(config, "incq"))
        .isEqualTo(truth("SELECT id, note FROM (" + query + ") q WHERE seq > 10000"))
        .hasSize(67);
    assertThat(mark(config, "incq")).isEqualTo("11000");

    // A run with nothing new exports nothing and keeps the mark.
    assertThat(exports.run(config, "incq")).isEmpty();
    assertThat(mark(config, "incq")).isEqualTo("11000");
  }

  @Test
  void shouldChunkByLocalDaysAcrossTheDstChangeWithNullsInTheirOwnChunk() throws Exception {
    String t = SCHEMA + ".by_day";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, ts timestamptz, note text)",
        "CREATE INDEX ON " + t + " (ts)",
        // Every 20 minutes from Friday 2026-03-06 00:00 New York time to Tuesday 03-10 23:40;
        // clocks move forward on Sunday 03-08, a 23-hour day.
        "INSERT INTO "
            + t
            + " SELECT g, timestamptz '2026-03-06 00:00 America/New_York'"
            + " + g * interval '20 minutes', 'n' || g FROM generate_series(0, 356) g",
        "INSERT INTO " + t + " VALUES (1000, NULL, 'no time'), (1001, NULL, 'no time either')",
        "ANALYZE " + t);
    Path config =
        exports.config(
            "days",
            "table: " + t,
            "mode: chunked",
            "chunk: {column: ts, by: day, time_zone: America/New_York}");

    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    assertThat(plan.out()).as(plan.toString()).contains("mode:        chunked");
    Path runDir = exports.runDir(config, "days");

    List<String> days =
        List.of("2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10");
    for (int i = 0; i < days.size(); i++) {
      assertThat(ExportedRows.csvFile(runDir.resolve(String.format("part-%05d.csv", i)), ID_NOTE))
          .as("chunk %d holds exactly the rows of New York day %s", i, days.get(i))
          .containsExactlyInAnyOrderElementsOf(
              truth(
                  "SELECT id, note FROM "
                      + t
                      + " WHERE (ts AT TIME ZONE 'America/New_York')::date"
                      + " = date '"
                      + days.get(i)
                      + "'"));
    }
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00005.csv"), ID_NOTE))
        .containsExactlyInAnyOrder("1000|no time", "1001|no time either");
    assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(truth("SELECT id, note FROM " + t));
    // The spring-forward day has 23 hours of rows (3 per hour), the others 24.
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00002.csv"), ID_NOTE)).hasSize(69);
    assertThat(ExportedRows.csvFile(runDir.resolve("part-00001.csv"), ID_NOTE)).hasSize(72);
  }

  @Test
  void shouldBalanceChunksOnASparseKeyAndMatchAcrossParallelism() throws Exception {
    String t = SCHEMA + ".sparse";
    TestDatabase.execute(
        "CREATE TABLE " + t + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + t + " SELECT g, 'low' || g FROM generate_series(1, 1000) g",
        "INSERT INTO "
            + t
            + " SELECT g, 'high' || g FROM generate_series(1000000000, 1000001000) g",
        "ANALYZE " + t);
    List<String> expected = truth("SELECT id, note FROM " + t);
    List<List<Integer>> chunkSizes = new ArrayList<>();
    for (int parallelism : List.of(1, 4)) {
      Path config =
          exports.config(
              "sparse" + parallelism,
              "table: " + t,
              "mode: chunked",
              "chunk: {column: id, by: range, count: 4}",
              "parallelism: " + parallelism);
      Path runDir = exports.runDir(config, "sparse" + parallelism);
      assertThat(ExportedRows.csv(runDir, ID_NOTE)).isEqualTo(expected);
      List<Integer> sizes = new ArrayList<>();
      try (var files = Files.list(runDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
          sizes.add(ExportedRows.csvFile(f, ID_NOTE).size());
        }
      }
      chunkSizes.add(sizes);
    }
    assertThat(chunkSizes.get(0)).isEqualTo(chunkSizes.get(1));
    assertThat(chunkSizes.get(0)).hasSize(4).allSatisfy(n -> assertThat(n).isBetween(450, 551));
  }

  @Test
  void shouldExportTheLastCompleteDaysOfATimeWindow() throws Exception {
    String t = SCHEMA + ".window";
    TestDatabase.execute(
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, note text)",
        "CREATE INDEX ON " + t + " (created_at)",
        "INSERT INTO "
            + t
            + " SELECT g, now() - g * interval '17 minutes', 'n' || g"
            + " FROM generate_series(0, 1200) g",
        "ANALYZE " + t);
    Path config =
        exports.config(
            "win",
            "table: " + t,
            "mode: time_window",
            "window: {column: created_at, last: 3 days, time_zone: Europe/Berlin}");

    List<String> exported = ExportedRows.csv(exports.runDir(config, "win"), ID_NOTE);

    String midnight =
        "(date_trunc('day', now() AT TIME ZONE 'Europe/Berlin')" + " AT TIME ZONE 'Europe/Berlin')";
    assertThat(exported)
        .isNotEmpty()
        .isEqualTo(
            truth(
                "SELECT id, note FROM "
                    + t
                    + " WHERE created_at >= "
                    + midnight
                    + " - interval '3 days' AND created_at < "
                    + midnight));
  }

  private static String mark(Path config, String export) {
    Cli.Result result = Cli.run("state", "cursors", "-c", config.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    int at = lines.get(0).indexOf("MARK");
    return lines.stream()
        .filter(l -> l.startsWith(export + " "))
        .map(l -> l.substring(at).split("\\s+")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mark for " + export + ":\n" + result));
  }

  private static List<String> truth(String sql) throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, sql);
    }
  }
}
