package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.servers.BusySessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default profile on a real PostgreSQL that other sessions are working on ({@code
 * tuning.yield_to_sessions: 2}): {@code rivet check} says the run will yield, the run reads with
 * one reader through a cursor and says why, and its output is the source's rows exactly; with
 * {@code yield_to_sessions: 0} the same export reads through binary COPY with two readers.
 */
@Timeout(120)
class YieldingEndToEndTest {
  private static final String TABLE = "rivet_yielding_e2e";
  private static final int ROWS = 60_000;
  private static final String SOURCE_ROWS = "SELECT id, note FROM " + TABLE;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, 'n' || g || repeat('x', g % 7) FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldSayInCheckAndInTheRunThatItYieldsAndReadEveryRowExactlyWithOneReader()
      throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config = exports.config("busy", "table: " + TABLE, "chunk_rows: 20000");

    try (BusySessions busy = BusySessions.open(TestDatabase.SERVER, 3, "an-application")) {
      Cli.Result check = Cli.run("check", "-c", config.toString(), "--export", "busy");
      Cli.Logged run = Cli.runLogged("run", "-c", config.toString(), "--export", "busy");

      Cli.Result json =
          Cli.run("run", "-c", config.toString(), "--export", "busy", "--output", "json");

      assertThat(busy.stillOpen()).isTrue();
      assertThat(JsonPins.json(json, 0).path("runs").get(0).path("yielded_to_sessions").asInt())
          .isGreaterThanOrEqualTo(3);
      assertThat(check.out())
          .as(check.toString())
          .contains("parallelism 1")
          .contains("yielding to other sessions: ")
          .contains("(tuning.yield_to_sessions 2)")
          .contains("1,000 rows per fetch (fetch_size 10000, at most 1,000 read gently;")
          .contains("governor:    yield_to_sessions 2; no probe");
      assertThat(run.cli().exitCode()).as(run.cli().toString()).isZero();
      assertThat(run.cli().out())
          .containsPattern("  yielded: [0-9]+ other session\\(s\\) were active at plan time");
      assertThat(run.log())
          .contains("yielding to other sessions: ")
          .contains("a run yielding to other sessions reads through a cursor, at most 1000 rows")
          .contains("reading 3 chunk(s), 1 at a time");
    }
    assertExact("busy", 2);
  }

  @Test
  void shouldSayInCheckThatAUserWithoutPgReadAllStatsCannotSeeOtherUsersSessions()
      throws Exception {
    String role = "rivet_yield_e2e_nostats";
    TestDatabase.execute(
        "DROP ROLE IF EXISTS " + role,
        "CREATE ROLE " + role + " LOGIN PASSWORD 'nostats'",
        "GRANT SELECT ON " + TABLE + " TO " + role);
    try {
      Path password = Files.writeString(dir.resolve("nostats.password"), "nostats\n");
      String source =
          "source:\n  url: "
              + TestDatabase.URL
              + "\n  user: "
              + role
              + "\n  password_file: "
              + password
              + "\n";
      Path config =
          new CsvExports(dir, source).config("hidden", "table: " + TABLE, "chunk_rows: 20000");

      Cli.Result check;
      try (BusySessions busy = BusySessions.open(TestDatabase.SERVER, 3, "an-application")) {
        check = Cli.run("check", "-c", config.toString(), "--export", "hidden");
        assertThat(busy.stillOpen()).isTrue();
      }

      assertThat(check.exitCode()).as(check.toString()).isZero();
      assertThat(check.out())
          .contains("parallelism 2")
          .contains("INFO     sessions_hidden: not yielding: ")
          .contains("but the export's user sees the state of its own sessions only")
          .contains("fix: grant it pg_read_all_stats (or pg_monitor) so that they count")
          .contains("verdict: SAFE");
    } finally {
      TestDatabase.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
    }
  }

  @Test
  void shouldReadAtFullSpeedWhenYieldingIsTurnedOff() throws Exception {
    CsvExports exports = new CsvExports(dir, TestDatabase.sourceYaml());
    Path config =
        exports.config(
            "full", "table: " + TABLE, "chunk_rows: 20000", "tuning: {yield_to_sessions: 0}");

    try (BusySessions busy = BusySessions.open(TestDatabase.SERVER, 3, "an-application")) {
      Cli.Logged run =
          Cli.runLogged("run", "-c", config.toString(), "--export", "full", "--output", "json");

      assertThat(busy.stillOpen()).isTrue();
      assertThat(run.cli().exitCode()).as(run.cli().toString()).isZero();
      assertThat(run.log())
          .doesNotContain("yielding to other sessions")
          .contains("reading rows through binary COPY")
          .contains("reading 3 chunk(s), 2 at a time");
      assertThat(JsonPins.json(run.cli(), 0).path("runs").get(0).has("yielded_to_sessions"))
          .isFalse();
    }
    assertExact("full", 1);
  }

  /** Every run of {@code export} wrote the source's rows exactly. */
  private void assertExact(String export, int runs) throws Exception {
    List<String> source;
    try (Connection c = TestDatabase.connect()) {
      source = ExportedRows.query(c, SOURCE_ROWS);
    }
    List<Path> runDirs = ExportedRows.runDirs(dir.resolve("out"), export);
    assertThat(runDirs).hasSize(runs);
    for (Path runDir : runDirs) {
      List<String> rows = ExportedRows.csv(runDir, CsvExports.ID_NOTE);
      assertThat(rows).as(runDir.toString()).hasSize(ROWS);
      assertThat(new HashSet<>(rows)).as(runDir.toString()).hasSize(ROWS);
      assertThat(rows).as(runDir.toString()).containsExactlyInAnyOrderElementsOf(source);
    }
  }
}
