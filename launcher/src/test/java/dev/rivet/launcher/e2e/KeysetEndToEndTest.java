package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.CrashPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
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

/**
 * Tables keyed by a composite (text, timestamp) key on PostgreSQL and a case-insensitive text key
 * on MariaDB, exported through keyset chunks: exactly the source's rows after a plain run, after a
 * crash in the middle of the run and a rerun that resumes the stored plan (SQLite state), and when
 * two {@code --worker} processes share a plan stored in PostgreSQL state; {@code rivet check} names
 * the strategy and the key, and {@code rivet reconcile} counts each keyset range in the source.
 */
@Tag("slow")
@Timeout(600)
class KeysetEndToEndTest {
  private static final String TABLE = "rivet_keyset_e2e";
  private static final String MY_TABLE = "rivet_keyset_e2e_my";
  private static final String STATE_SCHEMA = "rivet_keyset_e2e_state";
  private static final List<String> COLUMNS = List.of("t", "ts", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "DROP SCHEMA IF EXISTS " + STATE_SCHEMA + " CASCADE",
        "CREATE TABLE "
            + TABLE
            + " (t text COLLATE \"en-x-icu\", ts timestamp, note text NOT NULL,"
            + " PRIMARY KEY (t, ts))",
        "INSERT INTO "
            + TABLE
            + " SELECT (CASE g % 3 WHEN 0 THEN 'a' WHEN 1 THEN 'A' ELSE 'é' END) || (g % 23),"
            + " timestamp '2024-02-29 23:59:59.999999' + g * interval '1 second 1 microsecond',"
            + " 'n\"' || g || repeat(' ', g % 3) FROM generate_series(1, 30000) g",
        "ANALYZE " + TABLE);
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + MY_TABLE,
        "CREATE TABLE "
            + MY_TABLE
            + " (k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,"
            + " note VARCHAR(20) NOT NULL)",
        "INSERT INTO "
            + MY_TABLE
            + " SELECT CONCAT(ELT(seq % 3 + 1, 'a', 'A', 'b'), seq, REPEAT(' ', seq % 3)),"
            + " CONCAT('n', seq) FROM seq_1_to_20000",
        "ANALYZE TABLE " + MY_TABLE);
  }

  @AfterAll
  static void dropTables() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE, "DROP SCHEMA IF EXISTS " + STATE_SCHEMA + " CASCADE");
    TestMariaDb.execute("DROP TABLE IF EXISTS " + MY_TABLE);
  }

  @Test
  void shouldExportExactlyTheSourceRowsAndNameTheKeysetStrategyInCheck() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "state: state.db", TABLE, 2);

    Cli.Result check = Cli.run("check", "-c", config.toString());
    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(check.out()).contains("chunked by keyset on (t, ts), 15 chunk(s)");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(ExportedRows.csv(onlyPublishedRun(), COLUMNS)).isEqualTo(truth());
  }

  @Test
  void shouldPublishExactlyTheSourceRowsAfterACrashMidRunAndARerun() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "state: state.db", TABLE, 1);

    Process crashed =
        JavaProcess.start(
            dir,
            "512m",
            Map.of(
                "RIVET_CRASH_AT",
                "chunk-file-renamed",
                "RIVET_LEASE_TTL_SECONDS",
                KilledLeases.SHORT_TTL),
            dir.resolve("crash-out.txt"),
            dir.resolve("crash-err.txt"),
            "run",
            "-c",
            "rivet.yaml");
    assertThat(crashed.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(crashed.exitValue()).isEqualTo(CrashPoint.EXIT_CODE);
    KilledLeases.awaitExpiry(dir.resolve("state.db"));
    Cli.Result rerun = Cli.run("run", "-c", config.toString());

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.err()).contains("resuming unfinished run");
    assertThat(ExportedRows.csv(onlyPublishedRun(), COLUMNS)).isEqualTo(truth());
  }

  @Test
  void shouldWriteEveryRowOnceWithTwoWorkersOnAPlanStoredInPostgres() throws Exception {
    String stateUrl =
        TestDatabase.URL
            + (TestDatabase.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + STATE_SCHEMA
            + "&user="
            + TestDatabase.USER
            + (TestDatabase.PASSWORD.isEmpty() ? "" : "&password=" + TestDatabase.PASSWORD);
    Path config = config(TestDatabase.sourceYaml(), "state: \"" + stateUrl + "\"", TABLE, 1);
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    String runId = planned.out().split("\\s+")[3];

    List<Process> workers = new ArrayList<>();
    for (String name : List.of("w1", "w2")) {
      workers.add(
          JavaProcess.start(
              dir,
              "512m",
              dir.resolve(name + ".out"),
              dir.resolve(name + ".err"),
              "run",
              "-c",
              "rivet.yaml",
              "--plan",
              runId,
              "--worker",
              "--worker-id",
              name));
    }
    for (Process worker : workers) {
      assertThat(worker.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(worker.exitValue()).isZero();
    }

    assertThat(ExportedRows.csv(onlyPublishedRun(), COLUMNS)).isEqualTo(truth());
  }

  @Test
  void shouldExportACaseInsensitiveTextKeyOnMariaDbExactly() throws Exception {
    Path config = config(TestMariaDb.sourceYaml(), "state: state.db", MY_TABLE, 2);

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    try (Connection c = TestMariaDb.connect()) {
      assertThat(ExportedRows.csv(onlyPublishedRun(), List.of("k", "note")))
          .isEqualTo(ExportedRows.query(c, "SELECT k, note FROM " + MY_TABLE))
          .hasSize(20000);
    }
    Cli.Result reconcile = Cli.run("reconcile", "-c", config.toString());
    assertThat(reconcile.exitCode()).as(reconcile.toString()).isZero();
    assertThat(reconcile.out())
        .contains("by (k), 10 chunk(s)")
        .doesNotContain("MISMATCH")
        .contains("verdict: MATCH (10 chunk(s), 20,000 rows in the source and in the files)");
    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    assertThat(plan.out()).contains("keyset ranges on (k), 10 chunk(s)");
  }

  /** The source's rows as the CSV writes them (ISO-8601 timestamps, no trailing fraction zeros). */
  private List<String> truth() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT t, ts, note FROM " + TABLE)) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + "|"
                + rs.getObject(2, LocalDateTime.class).toString().replaceAll("(\\.\\d*?)0+$", "$1")
                + "|"
                + rs.getString(3));
      }
    }
    rows.sort(null);
    assertThat(rows).hasSize(30000);
    return rows;
  }

  /** The one run folder with a _SUCCESS; other run folders hold no data file. */
  private Path onlyPublishedRun() throws Exception {
    List<Path> published = new ArrayList<>();
    for (Path run : ExportedRows.runDirs(dir.resolve("out"), "k")) {
      if (Files.exists(run.resolve("_SUCCESS"))) {
        published.add(run);
      } else {
        try (Stream<Path> files = Files.list(run)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .noneMatch(name -> name.startsWith("part-"));
        }
      }
    }
    assertThat(published).hasSize(1);
    return published.get(0);
  }

  private Path config(String source, String state, String table, int parallelism) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        source
            + state
            + "\nexports:\n  - name: k\n    table: "
            + table
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 2000\n    parallelism: "
            + parallelism
            + "\n");
  }
}
