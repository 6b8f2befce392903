package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.state.Lease;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rivet processes on one export: the second is refused while the first holds the export's
 * lease, and once the first is killed and its lease has lapsed, a run takes the export over.
 */
@Timeout(300)
class LeaseEndToEndTest {
  private static final String TABLE = "rivet_lease_e2e";
  private static final String BIG = "rivet_lease_e2e_big";
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 20000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldRefuseARunOfAnExportAnotherProcessHoldsAndRunItOnceReleased() throws Exception {
    Path config = config();
    try (StateStore store = state()) {
      Lease theirs = store.acquireLease("c", "build-7:4242", Duration.ofMinutes(5));

      Cli.Result refused = Cli.run("run", "-c", config.toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
      assertThat(refused.err())
          .contains("export 'c' is being run by another rivet process, build-7:4242")
          .contains("its lease expires at " + theirs.expiresAt())
          .contains("rivet state leases")
          .doesNotContain("\tat ");
      assertThat(store.runs("c", 10)).as("nothing was planned").isEmpty();
      assertThat(Cli.run("state", "leases", "-c", config.toString()).out())
          .contains("build-7:4242")
          .contains(theirs.expiresAt().toString())
          .contains("held");
      store.releaseLease("c", "build-7:4242");
    }

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(ExportedRows.csv(onlyRun(), ID_NOTE)).isEqualTo(truth());
    try (StateStore store = state()) {
      assertThat(store.leases()).as("released at the end of the run").isEmpty();
    }
  }

  @Test
  @Tag("slow")
  void shouldTakeOverAtOnceFromAHolderKilledOnThisHost() throws Exception {
    Path config = config();
    // A lease that would make a rerun wait ten minutes if it had to lapse.
    Process holder =
        start(Map.of("RIVET_CRASH_AT", "chunk-file-renamed", "RIVET_LEASE_TTL_SECONDS", "600"));
    assertThat(holder.waitFor(5, TimeUnit.MINUTES)).isTrue();
    // Halted like kill -9: no finally block ran, so the lease was not released.
    assertThat(holder.exitValue()).isEqualTo(CrashPoint.EXIT_CODE);
    Lease dead;
    try (StateStore store = state()) {
      dead = store.lease("c").orElseThrow();
    }
    assertThat(dead.holder()).endsWith(":" + holder.pid());
    assertThat(dead.expiresAt()).isAfter(Instant.now().plusSeconds(500));

    Cli.Result resumed = Cli.run("run", "-c", config.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming unfinished run");
    assertThat(ExportedRows.csv(onlyRun(), ID_NOTE)).isEqualTo(truth());
    try (StateStore store = state()) {
      assertThat(store.leases()).as("released at the end of the run").isEmpty();
    }
  }

  @Test
  @Tag("slow")
  void shouldStopAHolderPausedPastItsLeaseOnceItWakesAndPublishOnlyTheNewHoldersRun()
      throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + BIG,
        "CREATE TABLE " + BIG + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + BIG + " SELECT g, 'n' || g FROM generate_series(1, 300000) g",
        "ANALYZE " + BIG);
    Path config = config(BIG, 5000);
    Process paused = start(Map.of("RIVET_LEASE_TTL_SECONDS", "3"));
    awaitFirstPartFile();
    pauseOutsideAStateTransaction(paused);
    Lease stale;
    try (StateStore store = state()) {
      stale = store.lease("c").orElseThrow();
    }
    // Time must pass for the paused holder's lease to lapse.
    Thread.sleep(Duration.between(Instant.now(), stale.expiresAt()).toMillis() + 1500);

    Process takeover =
        JavaProcess.start(
            dir,
            "512m",
            Map.of(),
            dir.resolve("takeover-out.txt"),
            dir.resolve("takeover-err.txt"),
            "run",
            "-c",
            "rivet.yaml");
    Lease taken = awaitLeaseOf(takeover);
    assertThat(taken.token()).isGreaterThan(stale.token());
    kill("-CONT", paused);

    assertThat(paused.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(takeover.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String pausedErr = Files.readString(dir.resolve("holder-err.txt"));
    assertThat(paused.exitValue()).as(pausedErr).isEqualTo(6);
    assertThat(pausedErr)
        .contains("no longer holds the export's lease")
        .contains("writes nothing more")
        .doesNotContain("\tat ");
    assertThat(takeover.exitValue()).as(Files.readString(dir.resolve("takeover-err.txt"))).isZero();
    Path run = onlyRun();
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(run, ID_NOTE))
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + BIG));
    }
    try (StateStore store = state()) {
      assertThat(store.runs("c", 10))
          .singleElement()
          .satisfies(r -> assertThat(r.errorMessage()).isNull());
    } finally {
      TestDatabase.execute("DROP TABLE IF EXISTS " + BIG);
    }
  }

  private void awaitFirstPartFile() throws Exception {
    Instant giveUp = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(giveUp)) {
      if (Files.isDirectory(dir.resolve("out").resolve("c"))) {
        try (var files = Files.walk(dir.resolve("out").resolve("c"))) {
          if (files.anyMatch(p -> p.getFileName().toString().matches("part-\\d{5}\\.csv"))) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no part file appeared: " + Files.readString(dir.resolve("holder-err.txt")));
  }

  /**
   * Stops {@code process} (SIGSTOP) at a moment it holds no write lock on the SQLite state file: a
   * process stopped inside a state transaction would lock every other process out of the store,
   * which is the store's own, documented wait ("locked by another process"), not what this test is
   * about.
   */
  private void pauseOutsideAStateTransaction(Process process) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      kill("-STOP", process);
      try (Connection c =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
          Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 0");
        st.execute("BEGIN IMMEDIATE");
        st.execute("ROLLBACK");
        return;
      } catch (java.sql.SQLException locked) {
        kill("-CONT", process);
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the holder was inside a state transaction 50 times in a row");
  }

  private static void kill(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  @Test
  @Tag("slow")
  void shouldRefuseWhileTheHolderLivesPastItsTimeToLiveAndRunOnceItIsKilled() throws Exception {
    Path config = config();
    Process holder;
    try (Connection lock = TestDatabase.connect();
        Statement st = lock.createStatement()) {
      // Holds the first run in planning, after it took the lease, for as long as the test needs.
      lock.setAutoCommit(false);
      st.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
      holder = start(Map.of("RIVET_LEASE_TTL_SECONDS", "3"));
      Lease first = awaitLeaseOf(holder);
      // Time must pass for a lease to lapse: wait past the first expiry; renewals keep it.
      Thread.sleep(Duration.between(Instant.now(), first.expiresAt()).toMillis() + 1000);

      Cli.Result refused = Cli.run("run", "-c", config.toString());

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
      assertThat(refused.err()).contains(first.holder());
      holder.destroyForcibly(); // SIGKILL
      assertThat(holder.waitFor(1, TimeUnit.MINUTES)).isTrue();
      lock.rollback();
    }
    KilledLeases.awaitExpiry(dir.resolve("state.db"));

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(ExportedRows.csv(onlyRun(), ID_NOTE)).isEqualTo(truth());
  }

  private Process start(Map<String, String> env) throws Exception {
    return JavaProcess.start(
        dir,
        "512m",
        env,
        dir.resolve("holder-out.txt"),
        dir.resolve("holder-err.txt"),
        "run",
        "-c",
        "rivet.yaml");
  }

  /** The lease the process took, once it shows in the state store. */
  private Lease awaitLeaseOf(Process process) throws Exception {
    Instant giveUp = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(giveUp) && process.isAlive()) {
      try (StateStore store = state()) {
        Optional<Lease> lease =
            store.leases().stream()
                .filter(l -> l.holder().endsWith(":" + process.pid()))
                .findFirst();
        if (lease.isPresent()) {
          return lease.get();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "rivet process "
            + process.pid()
            + " took no lease; its log, or the first one's: "
            + Files.readString(dir.resolve("holder-err.txt"))
            + (Files.exists(dir.resolve("takeover-err.txt"))
                ? "\n--- takeover\n" + Files.readString(dir.resolve("takeover-err.txt"))
                : ""));
  }

  private StateStore state() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  /** The one run folder, which must be published. */
  private Path onlyRun() throws Exception {
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "c");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).resolve("_SUCCESS")).exists();
    return runs.get(0);
  }

  private Path config() throws Exception {
    return config(TABLE, 5000);
  }

  private Path config(String table, int chunkRows) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: c\n    table: "
            + table
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: "
            + chunkRows
            + "\n    parallelism: 1\n");
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
