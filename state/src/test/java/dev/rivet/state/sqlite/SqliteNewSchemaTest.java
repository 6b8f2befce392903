package dev.rivet.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import dev.rivet.state.jdbc.FlywaySchema;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite store built without Flyway ({@link SqliteNewSchema}) is the store Flyway would have
 * built, and Flyway treats it as its own: it validates it, finds nothing to do, and applies only a
 * later build's new migration to it.
 */
class SqliteNewSchemaTest {
  @TempDir Path dir;

  @Test
  void shouldBuildTheSameTablesIndexesAndHistoryAsFlyway() throws SQLException {
    SQLiteDataSource byFlyway = dataSource("flyway.db");
    SQLiteDataSource byRivet = dataSource("rivet.db");

    MigrateResult flyway = flyway(byFlyway, SqliteSchema.MIGRATIONS).migrate();
    SqliteNewSchema.create(byRivet);

    assertThat(flyway.migrationsExecuted).isEqualTo(SqliteSchema.SCRIPTS.size());
    assertThat(rows(byRivet, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"))
        .isEqualTo(
            rows(byFlyway, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"))
        .isNotEmpty();
    String history =
        "SELECT installed_rank, version, description, type, script, checksum, installed_by,"
            + " success, typeof(installed_on), typeof(execution_time) FROM "
            + FlywaySchema.HISTORY_TABLE
            + " ORDER BY installed_rank";
    assertThat(rows(byRivet, history))
        .isEqualTo(rows(byFlyway, history))
        .hasSize(SqliteSchema.SCRIPTS.size());
  }

  @Test
  void shouldBeValidatedByFlywayWhichThenHasNothingToDo() throws SQLException {
    SQLiteDataSource byRivet = dataSource("rivet.db");
    SqliteNewSchema.create(byRivet);

    Flyway flyway = flyway(byRivet, SqliteSchema.MIGRATIONS);
    flyway.validate();

    assertThat(flyway.info().pending()).isEmpty();
    assertThat(flyway.migrate().migrationsExecuted).isZero();
    assertThat(flyway.info().current().getVersion()).isEqualTo(SqliteSchema.LATEST);
  }

  @Test
  void shouldLetFlywayApplyALaterBuildsMigrationOnly() throws SQLException {
    SQLiteDataSource byRivet = dataSource("rivet.db");
    SqliteNewSchema.create(byRivet);

    MigrateResult next =
        flyway(byRivet, SqliteSchema.MIGRATIONS, "classpath:db/migration/sqlite-next").migrate();

    assertThat(next.migrationsExecuted).isEqualTo(1);
    assertThat(next.targetSchemaVersion).isEqualTo("11");
    assertThat(rows(byRivet, "SELECT count(*) FROM next_build_probe")).containsExactly("0");
  }

  @Test
  void shouldOpenAStoreThatFlywayCreatedAndCreateANewOneThatFlywayValidates() throws Exception {
    // A file created by an older rivet, through Flyway, opens as before.
    Path old = dir.resolve("old.db");
    flyway(dataSource("old.db"), SqliteSchema.MIGRATIONS).migrate();
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(old))) {
      store.savePlan(TestPlans.keyRange("run-old", 1));
      assertThat(store.runs(null, 10)).hasSize(1);
    }
    // A file this rivet creates: Flyway validates it after it has been used.
    Path created = dir.resolve("new/state.db");
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(created))) {
      store.savePlan(TestPlans.keyRange("run-new", 1));
    }
    SQLiteDataSource reopened = new SQLiteDataSource();
    reopened.setUrl("jdbc:sqlite:" + created);
    flyway(reopened, SqliteSchema.MIGRATIONS).validate();
    assertThat(flyway(reopened, SqliteSchema.MIGRATIONS).info().pending()).isEmpty();
  }

  @Test
  void shouldListEveryMigrationOfTheDirectoryInVersionOrder() throws Exception {
    Path directory = directoryOnClassPath();
    List<String> files;
    try (Stream<Path> listed = Files.list(directory)) {
      files =
          listed
              .map(p -> p.getFileName().toString())
              .sorted(Comparator.comparingInt(SqliteNewSchemaTest::major))
              .toList();
    }

    assertThat(SqliteSchema.SCRIPTS).containsExactlyElementsOf(files);
  }

  private static int major(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")).split("[._]")[0]);
  }

  private static Path directoryOnClassPath() throws URISyntaxException {
    return Path.of(SqliteSchema.class.getClassLoader().getResource(SqliteSchema.DIRECTORY).toURI());
  }

  private SQLiteDataSource dataSource(String file) {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve(file));
    return dataSource;
  }

  private static Flyway flyway(SQLiteDataSource dataSource, String... locations) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(locations)
        .table(FlywaySchema.HISTORY_TABLE)
        .failOnMissingLocations(true)
        .load();
  }

  private static List<String> rows(SQLiteDataSource dataSource, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(String.join(" | ", row));
      }
    }
    return rows;
  }
}
