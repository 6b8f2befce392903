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
  void shouldResumeTheRunOfAKilledHolderOnceItsLeaseLapses() throws Exception {
    Path config = config();
    Process holder =
        start(Map.of("RIVET_CRASH_AT", "chunk-file-renamed", "RIVET_LEASE_TTL_SECONDS", "9"));
    assertThat(holder.waitFor(5, TimeUnit.MINUTES)).isTrue();
    // Halted like kill -9: no finally block ran, so the lease was not released.
    assertThat(holder.exitValue()).isEqualTo(CrashPoint.EXIT_CODE);
    String holderName = ":" + holder.pid();

    Cli.Result refused = Cli.run("run", "-c", config.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
    assertThat(refused.err()).contains(holderName + " (since").contains("lapses by itself");
    KilledLeases.awaitExpiry(dir.resolve("state.db"));
    Cli.Result resumed = Cli.run("run", "-c", config.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming unfinished run");
    assertThat(ExportedRows.csv(onlyRun(), ID_NOTE)).isEqualTo(truth());
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
        "the first rivet took no lease: " + Files.readString(dir.resolve("holder-err.txt")));
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
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: c\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 5000\n    parallelism: 1\n");
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
