package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two configs sharing one SQLite state file: every command that picks "the newest run" picks it
 * among its own config's exports, never the other config's newer run.
 */
@Timeout(180)
class SharedStateEndToEndTest {
  private static final String TABLE = "shared_state_e2e_items";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 500) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldPickTheNewestRunAmongThisConfigsExportsInAStoreSharedWithAnotherConfig()
      throws Exception {
    Path alpha = config("alpha.yaml", "alpha");
    Path beta = config("beta.yaml", "beta");
    assertSucceeded(Cli.run("run", "-c", alpha.toString()));
    // The other config's run is the newest in the shared store.
    assertSucceeded(Cli.run("run", "-c", beta.toString()));
    String alphaRun;
    String betaRun;
    try (StateStore store =
        StateStores.open(StateLocation.sqliteFile(dir.resolve("shared-state.db")))) {
      alphaRun = store.runs("alpha", 1).get(0).runId();
      betaRun = store.runs("beta", 1).get(0).runId();
    }

    Cli.Result validate = Cli.run("validate", "-c", alpha.toString());
    Cli.Result reconcile = Cli.run("reconcile", "-c", alpha.toString());
    Cli.Result files = Cli.run("state", "files", "-c", alpha.toString());
    Cli.Result runs = Cli.run("state", "runs", "-c", alpha.toString());
    Cli.Result metrics = Cli.run("metrics", "-c", alpha.toString());

    for (Cli.Result r : new Cli.Result[] {validate, reconcile, files, runs, metrics}) {
      assertSucceeded(r);
      assertThat(r.out()).as(r.toString()).contains(alphaRun).doesNotContain(betaRun);
    }
    assertThat(files.out()).contains("/alpha/" + alphaRun + "/");
    assertThat(metrics.out()).doesNotContain("beta");
    // Naming the other config's export or run still reaches it.
    assertThat(Cli.run("state", "runs", "-c", alpha.toString(), "--export", "beta").out())
        .contains(betaRun);
    assertThat(Cli.run("validate", "-c", alpha.toString(), "--run", betaRun).out())
        .contains(betaRun);
  }

  @Test
  void shouldSayThatNoRunOfThisConfigsExportsSucceededRatherThanPickAnotherConfigs()
      throws Exception {
    Path alpha = config("alpha.yaml", "alpha");
    Path beta = config("beta.yaml", "beta");
    assertSucceeded(Cli.run("run", "-c", beta.toString()));

    Cli.Result validate = Cli.run("validate", "-c", alpha.toString());
    Cli.Result chunks = Cli.run("state", "chunks", "-c", alpha.toString());

    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(2);
    assertThat(validate.err())
        .contains("the state store has no succeeded run of this config's exports (alpha)");
    assertThat(chunks.exitCode()).as(chunks.toString()).isEqualTo(2);
    assertThat(chunks.err()).contains("the state store has no runs of this config's exports");
  }

  private static void assertSucceeded(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private Path config(String file, String export) throws Exception {
    return Files.writeString(
        dir.resolve(file),
        TestDatabase.sourceYaml()
            + "state: shared-state.db\n"
            + "exports:\n"
            + "  - name: "
            + export
            + "\n    table: "
            + TABLE
            + "\n    destination: out\n");
  }
}
