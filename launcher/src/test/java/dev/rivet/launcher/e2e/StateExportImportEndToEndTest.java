package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet state export / import}: a SQLite store moved to PostgreSQL and a deleted or damaged
 * one restored read back the same, and runs go on from them: an unfinished run resumes, an
 * incremental export continues from its mark.
 */
@Timeout(300)
class StateExportImportEndToEndTest {
  private static final String INC = "rivet_dump_inc_e2e";
  private static final String RES = "rivet_dump_res_e2e";
  private static final String SCHEMA =
      "rivet_state_dump_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final List<String> ID_NOTE = List.of("id", "note");

  @TempDir Path dir;

  @BeforeEach
  void createTables() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + INC,
        "DROP TABLE IF EXISTS " + RES,
        "CREATE TABLE " + INC + " (id bigint PRIMARY KEY, seq bigint NOT NULL, note text)",
        "INSERT INTO " + INC + " SELECT g, g * 10, 'n' || g FROM generate_series(1, 1000) g",
        "CREATE TABLE " + RES + " (id bigint PRIMARY KEY, due date, note text)",
        "INSERT INTO "
            + RES
            + " SELECT g, date '2026-01-01' + g % 300, 'n' || g FROM generate_series(1, 6000) g",
        // The last of its three chunks cannot be written with on_infinity: fail.
        "UPDATE " + RES + " SET due = 'infinity' WHERE id = 5999",
        "ANALYZE " + INC,
        "ANALYZE " + RES);
  }

  @AfterAll
  static void dropTablesAndStateSchema() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + INC,
        "DROP TABLE IF EXISTS " + RES,
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldMoveASqliteStoreToPostgresWhereARunResumesAndACursorContinues() throws Exception {
    Path sqlite = config("sqlite.yaml", "state: state.db");
    assertThat(Cli.run("run", "-c", sqlite.toString(), "--export", "inc").exitCode()).isZero();
    Cli.Result failed = Cli.run("run", "-c", sqlite.toString(), "--export", "res");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(7);
    String failedRun =
        Cli.run("state", "runs", "-c", sqlite.toString(), "--export", "res")
            .out()
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];

    Cli.Result export =
        Cli.run(
            "state",
            "export",
            "-c",
            sqlite.toString(),
            "--file",
            dir.resolve("dump.json").toString());
    Path postgres = config("postgres.yaml", "state: \"" + postgresStateUrl() + "\"");
    Cli.Result imported =
        Cli.run(
            "state",
            "import",
            "-c",
            postgres.toString(),
            "--file",
            dir.resolve("dump.json").toString());

    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out())
        .startsWith("state store jdbc:sqlite:" + dir.resolve("state.db") + ": exported 2 runs, ")
        .contains(" 1 chunk errors, 1 cursors, 2 lease tokens, ")
        .contains(" export schemas to " + dir.resolve("dump.json"))
        .endsWith(" (json, schema_version 1)\n");
    String counts = between(export.out(), "exported ", " to ");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out())
        .startsWith("state store jdbc:postgresql:")
        .contains(": imported " + counts + " from " + dir.resolve("dump.json"))
        .contains(" (exported from a sqlite store at schema version 10 on ");
    assertThat(stateViews(postgres)).isEqualTo(stateViews(sqlite));

    TestDatabase.execute(
        "UPDATE " + RES + " SET due = NULL WHERE id = 5999",
        "INSERT INTO " + INC + " SELECT g, g * 10, 'n' || g FROM generate_series(1001, 1100) g");
    Cli.Result resumed = Cli.run("run", "-c", postgres.toString(), "--export", "res");
    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), "inc"));
    Cli.Result next = Cli.run("run", "-c", postgres.toString(), "--export", "inc");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming unfinished run " + failedRun);
    Path resumedDir = dir.resolve("out").resolve("res").resolve(failedRun);
    assertThat(ExportedRows.csv(resumedDir, ID_NOTE))
        .isEqualTo(truth("SELECT id, note FROM " + RES));
    // The two chunks written before the move were kept, not read again.
    assertThat(
            Cli.run("state", "chunks", "-c", postgres.toString(), "--export", "res")
                .out()
                .lines()
                .filter(l -> l.matches(".*PUBLISHED\\s+1\\s.*"))
                .count())
        .isEqualTo(2);
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(ExportedRows.csv(ExportedRows.newRunDir(dir.resolve("out"), "inc", before), ID_NOTE))
        .isEqualTo(truth("SELECT id, note FROM " + INC + " WHERE seq > 10000"))
        .hasSize(100);
    assertThat(Cli.run("state", "cursors", "-c", postgres.toString()).out()).contains(" 11000 ");
  }

  @Test
  void shouldRestoreADeletedSqliteStoreFromItsSqlDumpAndRefuseToOverwriteIt() throws Exception {
    Path config = config("rivet.yaml", "state: state/state.db");
    assertThat(Cli.run("run", "-c", config.toString(), "--export", "inc").exitCode()).isZero();
    Map<String, String> views = stateViews(config);
    Cli.Result export =
        Cli.run(
            "state",
            "export",
            "-c",
            config.toString(),
            "--file",
            dir.resolve("backup.sql").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(Files.readString(dir.resolve("backup.sql")))
        .startsWith("-- rivet-state schema_version=1 store.kind=sqlite store.schema_version=10 ")
        .contains("\nINSERT INTO runs (run_id, export_name, status,")
        .endsWith("COMMIT;\n");
    deleteStore(dir.resolve("state/state.db"));

    Cli.Result restored =
        Cli.run(
            "state",
            "import",
            "-c",
            config.toString(),
            "--file",
            dir.resolve("backup.sql").toString());
    Cli.Result again =
        Cli.run(
            "state",
            "import",
            "-c",
            config.toString(),
            "--file",
            dir.resolve("backup.sql").toString());
    Cli.Result replaced =
        Cli.run(
            "state",
            "import",
            "-c",
            config.toString(),
            "--file",
            dir.resolve("backup.sql").toString(),
            "--replace");

    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    assertThat(stateViews(config)).isEqualTo(views);
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
    assertThat(again.err())
        .contains(
            "rivet: error: state store jdbc:sqlite:"
                + dir.resolve("state/state.db")
                + " is not empty: it holds 1 runs row(s)")
        .contains("hint: import into a new store, or add --replace")
        .doesNotContain("\tat ");
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(stateViews(config)).isEqualTo(views);
    TestDatabase.execute(
        "INSERT INTO " + INC + " SELECT g, g * 10, 'n' || g FROM generate_series(1001, 1050) g");
    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), "inc"));
    assertThat(Cli.run("run", "-c", config.toString(), "--export", "inc").exitCode()).isZero();
    assertThat(ExportedRows.csv(ExportedRows.newRunDir(dir.resolve("out"), "inc", before), ID_NOTE))
        .hasSize(50);
  }

  @Test
  void shouldRefuseADamagedStoreUnchangedAndRunAgainOnceItIsRestored() throws Exception {
    Path config = config("rivet.yaml", "state: state.db");
    Path file = dir.resolve("state.db");
    assertThat(Cli.run("run", "-c", config.toString(), "--export", "inc").exitCode()).isZero();
    Map<String, String> views = stateViews(config);
    Cli.Result export = Cli.run("state", "export", "-c", config.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out())
        .startsWith("{\n  \"format\": \"rivet-state\",\n  \"schema_version\": 1,");
    assertThat(export.err())
        .contains(": exported 1 runs, ")
        .contains(" to standard output (json, schema_version 1)");
    Path backup = Files.writeString(dir.resolve("backup.json"), export.out());
    Files.copy(file, dir.resolve("whole.db"));

    Files.write(file, new byte[0]);
    Cli.Result empty = Cli.run("run", "-c", config.toString(), "--export", "inc");
    Cli.Result emptyRuns = Cli.run("state", "runs", "-c", config.toString());

    assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(6);
    assertThat(empty.err())
        .contains(
            "rivet: error: state store jdbc:sqlite:"
                + file
                + ": the file is empty (0 bytes), so it holds no state at all; rivet did not change"
                + " the file\n")
        .contains("  hint: restore the store from a backup: move " + file + " aside")
        .contains("rivet state import --file BACKUP")
        .doesNotContain("writable")
        .doesNotContain("\tat ");
    assertThat(emptyRuns.exitCode()).isEqualTo(6);
    assertThat(file).isEmptyFile();

    Files.copy(dir.resolve("whole.db"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    overwriteAPageOf(file, "runs");
    byte[] damaged = Files.readAllBytes(file);
    Cli.Result garbage = Cli.run("run", "-c", config.toString(), "--export", "inc");

    assertThat(garbage.exitCode()).as(garbage.toString()).isEqualTo(6);
    assertThat(garbage.err())
        .contains(
            "rivet: error: state store jdbc:sqlite:"
                + file
                + ": the file is damaged: SQLite's integrity check (PRAGMA quick_check) reports '")
        .contains("; rivet did not change the file\n")
        .doesNotContain("\tat ");
    assertThat(Files.readAllBytes(file)).isEqualTo(damaged);

    Files.move(file, dir.resolve("state.db.damaged"));
    Cli.Result restored =
        Cli.run("state", "import", "-c", config.toString(), "--file", backup.toString());

    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    assertThat(stateViews(config)).isEqualTo(views);
    assertThat(Cli.run("run", "-c", config.toString(), "--export", "inc").exitCode()).isZero();
  }

  @Test
  void shouldSayWhyADumpCannotBeWrittenOrRead() throws Exception {
    Path config = config("rivet.yaml", "state: state.db");
    Path nowhere = dir.resolve("no/such/dir/backup.json");

    Cli.Result export =
        Cli.run("state", "export", "-c", config.toString(), "--file", nowhere.toString());
    Cli.Result imported =
        Cli.run("state", "import", "-c", config.toString(), "--file", nowhere.toString());

    assertThat(export.exitCode()).as(export.toString()).isEqualTo(2);
    assertThat(export.err())
        .contains(
            "rivet: error: cannot write the state dump to "
                + nowhere
                + ": no such file or directory: ")
        .contains("hint: check that --file names a file in a directory that exists")
        .doesNotContain("Exception");
    assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(2);
    assertThat(imported.err())
        .contains("rivet: error: cannot read the state dump " + nowhere + ": no such file");
    assertThat(dir.resolve("no")).doesNotExist();
  }

  /** What {@code rivet state} prints about the store: runs, chunks, files and cursors. */
  private static Map<String, String> stateViews(Path config) {
    Map<String, String> views = new LinkedHashMap<>();
    for (List<String> command :
        List.of(
            List.of("runs"),
            List.of("chunks", "--export", "inc"),
            List.of("files", "--export", "inc"),
            List.of("cursors"))) {
      views.put(String.join(" ", command), state(config, command));
    }
    if (!Cli.run("state", "runs", "-c", config.toString(), "--export", "res")
        .out()
        .lines()
        .skip(1)
        .toList()
        .isEmpty()) {
      views.put("chunks res", state(config, List.of("chunks", "--export", "res")));
      views.put("files res", state(config, List.of("files", "--export", "res")));
    }
    return views;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static String state(Path config, List<String> command) {
    String[] args = new String[command.size() + 3];
    args[0] = "state";
    for (int i = 0; i < command.size(); i++) {
      args[i + 1] = command.get(i);
    }
    args[command.size() + 1] = "-c";
    args[command.size() + 2] = config.toString();
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.out();
  }

  /** Overwrites the first page of {@code table}'s data with random bytes. */
  private static void overwriteAPageOf(Path file, String table) throws Exception {
    long pageSize;
    long page;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        rs.next();
        pageSize = rs.getLong(1);
      }
      try (ResultSet rs =
          st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'")) {
        rs.next();
        page = rs.getLong(1);
      }
    }
    byte[] garbage = new byte[(int) pageSize];
    new Random(11).nextBytes(garbage);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek((page - 1) * pageSize);
      raf.write(garbage);
    }
  }

  private static void deleteStore(Path file) throws Exception {
    Files.delete(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
  }

  private static String postgresStateUrl() {
    return TestDatabase.URL
        + (TestDatabase.URL.contains("?") ? "&" : "?")
        + "currentSchema="
        + SCHEMA
        + "&user="
        + TestDatabase.USER
        + (TestDatabase.PASSWORD.isEmpty()
            ? ""
            : "&password=" + URLEncoder.encode(TestDatabase.PASSWORD, StandardCharsets.UTF_8));
  }

  private Path config(String name, String stateLine) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        TestDatabase.sourceYaml()
            + stateLine
            + "\nexports:\n"
            + "  - name: inc\n"
            + "    table: "
            + INC
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    mode: incremental\n"
            + "    cursor: {column: seq, type: int}\n"
            + "  - name: res\n"
            + "    table: "
            + RES
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: 2000\n    parallelism: 1\n    on_infinity: fail\n");
  }

  private static List<String> truth(String sql) throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, sql);
    }
  }
}
