package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rivet state init / migrate}, and a whole run with its state in PostgreSQL. */
class StateStoreCommandsEndToEndTest {
  private static final String TABLE = "rivet_pgstate_e2e";
  private static final String SCHEMA =
      "rivet_state_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 3000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTableAndStateSchema() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldCreateASqliteStoreOnInitAndFindItCurrentAfterwards() throws Exception {
    Path config = config("state: state/state.db");
    String where = "state store jdbc:sqlite:" + dir.resolve("state/state.db");

    Cli.Result init = Cli.run("state", "init", "-c", config.toString());
    Cli.Result again = Cli.run("state", "init", "-c", config.toString());
    Cli.Result migrate = Cli.run("state", "migrate", "-c", config.toString());

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).isEqualTo(where + ": created at schema version 9\n");
    assertThat(again.out()).isEqualTo(where + ": schema version 9, already current\n");
    assertThat(migrate.out()).isEqualTo(where + ": schema version 9, already current\n");
    assertThat(dir.resolve("state/state.db")).isRegularFile();
  }

  @Test
  void shouldRunAnExportWithItsStateInPostgresAndNeverPrintThePassword() throws Exception {
    String password = TestDatabase.PASSWORD.isEmpty() ? "unused-s3cret" : TestDatabase.PASSWORD;
    String stateUrl =
        TestDatabase.URL
            + (TestDatabase.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + SCHEMA
            + "&user="
            + TestDatabase.USER
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    Path config = config("state: \"" + stateUrl + "\"");

    Cli.Result init = Cli.run("state", "init", "-c", config.toString());
    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out())
        .startsWith("state store jdbc:postgresql:")
        .contains("password=***")
        .endsWith(": created at schema version 5\n")
        .doesNotContain(URLEncoder.encode(password, StandardCharsets.UTF_8));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<Path> runs = ExportedRows.runDirs(dir.resolve("out"), "p");
    assertThat(runs).hasSize(1);
    try (Connection c = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runs.get(0), ID_NOTE))
          .isEqualTo(ExportedRows.query(c, "SELECT id, note FROM " + TABLE));
      assertThat(
              ExportedRows.query(
                  c, "SELECT status, chunk_count, rows_written FROM " + SCHEMA + ".runs"))
          .containsExactly("succeeded|3|3000");
      assertThat(ExportedRows.query(c, "SELECT status FROM " + SCHEMA + ".chunks"))
          .containsOnly("published")
          .hasSize(3);
      assertThat(ExportedRows.query(c, "SELECT count(*) FROM " + SCHEMA + ".leases"))
          .containsExactly("0");
    }
    Cli.Result runs2 = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs2.out()).contains("SUCCEEDED").doesNotContain(password);
    assertThat(Cli.run("state", "migrate", "-c", config.toString()).out())
        .endsWith(": schema version 5, already current\n");
  }

  private Path config(String stateLine) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + stateLine
            + "\nexports:\n  - name: p\n    table: "
            + TABLE
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 1000\n    parallelism: 2\n");
  }
}
