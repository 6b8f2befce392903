package dev.rivet.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.codec.PlanCodec;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.StateStoreContractTest;
import dev.rivet.state.backends.StateStores;
import dev.rivet.state.jdbc.FlywaySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteStateStoreTest extends StateStoreContractTest {
  private static final AtomicInteger FILES = new AtomicInteger();

  @TempDir Path dir;

  @Override
  protected StateLocation newLocation() {
    return StateLocation.sqliteFile(
        dir.resolve("nested/dirs/state-" + FILES.incrementAndGet() + ".db"));
  }

  @Test
  void shouldCreateTheFileAndItsDirectories() {
    Path file = dir.resolve("a/b/c/state.db");

    try (var s = StateStores.open(StateLocation.sqliteFile(file))) {
      s.savePlan(TestPlans.keyRange("run-1", 1));
    }

    assertThat(file).isRegularFile();
  }

  @Test
  void shouldUseWriteAheadLogging() throws SQLException {
    assertThat(pragma("journal_mode")).isEqualTo("wal");
  }

  @Test
  void shouldMigrateAFreshFileToTheLatestKnownVersion() throws SQLException {
    try (Connection c = DriverManager.getConnection(location.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " ORDER BY installed_rank DESC LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(MigrationVersion.fromVersion(rs.getString(1))).isEqualTo(SqliteSchema.LATEST);
    }
  }

  @Test
  void shouldRefuseANewerFileOpenedForTheFirstTimeInThisJvm() throws Exception {
    recordAppliedMigration(location, "99.1");
    store.close();
    Path copy = dir.resolve("copied.db");
    Files.copy(Path.of(location.jdbcUrl().substring("jdbc:sqlite:".length())), copy);

    assertThatThrownBy(() -> StateStores.open(StateLocation.sqliteFile(copy)))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessage(
            "state schema version 99.1 is newer than this rivet (knows up to "
                + SqliteSchema.LATEST
                + "); upgrade rivet");
  }

  @Test
  void shouldNotRunFlywayOnAStoreAlreadyAtThisBuildsVersion() throws SQLException {
    // Flyway refuses a migration location that does not exist, so each check below tells whether
    // Flyway ran.
    FlywaySchema current = withoutMigrations(location);
    List<String> history = historyRows(location);

    assertThat(current.ensureCurrent(SqliteFile.dataSource(location)))
        .isEqualTo(SqliteSchema.LATEST);
    assertThat(historyRows(location)).isEqualTo(history);

    StateLocation older = newLocation();
    Flyway.configure()
        .dataSource(SqliteFile.dataSource(older))
        .locations(SqliteSchema.MIGRATIONS)
        .table(SqliteSchema.HISTORY_TABLE)
        .target("9")
        .load()
        .migrate();
    assertThatThrownBy(() -> withoutMigrations(older).ensureCurrent(SqliteFile.dataSource(older)))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("cannot migrate the schema")
        .hasMessageContaining("db/migration/absent");
  }

  private static FlywaySchema withoutMigrations(StateLocation at) {
    return new FlywaySchema(
        at, SqliteSchema.LATEST, "classpath:db/migration/absent", null, "migrating", "damaged");
  }

  private static List<String> historyRows(StateLocation at) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(at.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT installed_rank, version, checksum, installed_on, success"
                    + " FROM flyway_schema_history ORDER BY installed_rank")) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getString(4)
                + " "
                + rs.getString(5));
      }
    }
    assertThat(rows).hasSizeGreaterThan(1);
    return rows;
  }

  @Test
  void shouldKeepTheFilesOfAVersionOneStoreAsFileIndexZeroAndThenReplaceThemAll()
      throws SQLException {
    StateLocation old = newLocation();
    SQLiteDataSource dataSource = SqliteFile.dataSource(old);
    Flyway.configure()
        .dataSource(dataSource)
        .locations(SqliteSchema.MIGRATIONS)
        .table(SqliteSchema.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    ExportPlan plan = TestPlans.keyRange("run-v1", 2);
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO runs (run_id, export_name, status, plan_json, chunk_count, created_at)"
              + " VALUES ('run-v1', 'orders', 'running', '"
              + PlanCodec.write(plan).replace("'", "''")
              + "', 2, '2025-03-01T10:15:30.123456Z')");
      st.executeUpdate(
          "INSERT INTO chunks (run_id, chunk_index, status, rows_written) VALUES"
              + " ('run-v1', 0, 'written', 7), ('run-v1', 1, 'written', 9)");
      st.executeUpdate(
          "INSERT INTO files (run_id, chunk_index, path, rows_written, bytes, sha256) VALUES"
              + " ('run-v1', 0, '/out/part-00000.csv', 7, 70, NULL),"
              + " ('run-v1', 1, '/out/part-00001.csv', 9, 90, NULL)");
    }

    StateStore migrated = open(old);

    assertThat(migrated.files("run-v1"))
        .containsExactly(
            new WrittenFile("run-v1", 0, 0, "/out/part-00000.csv", 7, 70, null, Map.of()),
            new WrittenFile("run-v1", 1, 0, "/out/part-00001.csv", 9, 90, null, Map.of()));
    migrated.chunkWritten(
        "run-v1",
        1,
        List.of(
            new WrittenFile("run-v1", 1, 0, "/out/part-00001-00000.csv", 5, 50, null, Map.of()),
            new WrittenFile("run-v1", 1, 1, "/out/part-00001-00001.csv", 4, 40, null, Map.of())));
    assertThat(migrated.files("run-v1"))
        .extracting(WrittenFile::path)
        .containsExactly(
            "/out/part-00000.csv", "/out/part-00001-00000.csv", "/out/part-00001-00001.csv");
  }

  @Test
  void shouldRefuseAFileThatIsNotAStateDatabase() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not a database, just text long enough to have a header");

    assertThatThrownBy(() -> StateStores.open(StateLocation.sqliteFile(junk)))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).isNotBlank();
            })
        .hasMessageStartingWith("state store jdbc:sqlite:" + junk);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldLandEveryUpdateWhenOtherProcessesWriteTheSameFile() throws Exception {
    int perWriter = 60;
    store.savePlan(TestPlans.keyRange("run-p", 3 * perWriter));
    List<Process> children = new ArrayList<>();
    for (int p = 1; p <= 2; p++) {
      children.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ChunkWriterProcess.class.getName(),
                  location.jdbcUrl(),
                  "run-p",
                  String.valueOf(p * perWriter),
                  String.valueOf((p + 1) * perWriter))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("writer-" + p + ".log").toFile())
              .start());
    }
    for (int i = 0; i < perWriter; i++) {
      store.chunkStarted("run-p", i);
      store.chunkWritten(
          "run-p", i, new WrittenFile("run-p", i, 0, "proc-" + i, i, i, null, Map.of()));
    }
    for (int p = 1; p <= children.size(); p++) {
      Process child = children.get(p - 1);
      Path log = dir.resolve("writer-" + p + ".log");
      assertThat(child.waitFor(100, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(() -> readLog(log)).isZero();
    }

    assertThat(store.chunks("run-p"))
        .hasSize(3 * perWriter)
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(ChunkStatus.WRITTEN));
    assertThat(store.files("run-p"))
        .extracting(WrittenFile::path)
        .containsExactlyElementsOf(
            IntStream.range(0, 3 * perWriter).mapToObj(i -> "proc-" + i).toList());
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "no log: " + e;
    }
  }

  private String pragma(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(location.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
