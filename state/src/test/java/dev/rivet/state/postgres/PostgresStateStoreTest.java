package dev.rivet.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.rivet.kernel.codec.PlanCodec;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.StateStoreContractTest;
import dev.rivet.state.backends.StateStores;
import dev.rivet.state.jdbc.FlywaySchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state store contract on the real PostgreSQL ({@link TestServers#postgres()}), each test in a
 * schema of its own that is dropped afterwards.
 */
class PostgresStateStoreTest extends StateStoreContractTest {
  static final String URL = TestServers.postgres().url();
  static final String USER = TestServers.postgres().user();
  static final String PASSWORD = TestServers.postgres().password();

  private static final List<String> SCHEMAS = Collections.synchronizedList(new ArrayList<>());

  @Override
  protected StateLocation newLocation() {
    String schema = "rivet_state_test_" + UUID.randomUUID().toString().replace("-", "");
    SCHEMAS.add(schema);
    return location(schema);
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      for (String schema : SCHEMAS) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  @Test
  void shouldKeepEveryTableInTheSchemaTheUrlNames() throws SQLException {
    String schema = PostgresSchema.name(location);

    assertThat(tables(schema))
        .containsExactlyInAnyOrder(
            "runs",
            "chunks",
            "files",
            "cursors",
            "chunk_errors",
            "leases",
            "lease_tokens",
            "export_schemas",
            "flyway_schema_history");
    assertThat(store.schemaVersion()).isEqualTo(PostgresSchema.LATEST.toString());
  }

  @Test
  void shouldUseTheRivetStateSchemaUnlessTheUrlNamesOne() {
    assertThat(PostgresSchema.name(new StateLocation("jdbc:postgresql://db/app?user=rivet")))
        .isEqualTo("rivet_state");
    assertThat(PostgresSchema.name(new StateLocation("jdbc:postgresql://db/app")))
        .isEqualTo("rivet_state");
    assertThat(
            PostgresSchema.name(
                new StateLocation("jdbc:postgresql://db/app?currentschema=etl_state&ssl=true")))
        .isEqualTo("etl_state");
    assertThatThrownBy(
            () ->
                StateStores.open(
                    new StateLocation("jdbc:postgresql://db/app?currentSchema=Etl,public")))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
        .hasMessageContaining("currentSchema 'Etl,public' is not one lower-case schema name");
  }

  @Test
  void shouldKeepStoresInTwoSchemasOfOneDatabaseApart() throws Exception {
    StateStore neighbour = open(newLocation());

    store.savePlan(TestPlans.keyRange("run-1", 1));

    assertThat(neighbour.runs(null, 10)).isEmpty();
    assertThat(store.runs(null, 10)).hasSize(1);
  }

  @Test
  void shouldReportAnUnreachableServerAsAStateFailureWithoutThePassword() {
    StateLocation nowhere =
        new StateLocation(
            "jdbc:postgresql://127.0.0.1:1/test?user=rivet&password=s3cret&connectTimeout=2");

    assertThatThrownBy(() -> StateStores.open(nowhere))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).contains("cannot reach the state database");
            })
        .hasMessageStartingWith("state store jdbc:postgresql://127.0.0.1:1/test")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCreateTheSchemaOnceWhenSeveralStoresOpenItFirstAtOnce() throws Exception {
    StateLocation fresh = newLocation();
    int openers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(openers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> versions = new ArrayList<>();
      for (int i = 0; i < openers; i++) {
        versions.add(
            pool.submit(
                () -> {
                  start.await();
                  try (StateStore own = StateStores.open(fresh)) {
                    return own.schemaVersion();
                  }
                }));
      }
      start.countDown();
      for (Future<String> version : versions) {
        assertThat(version.get(100, TimeUnit.SECONDS)).isEqualTo(PostgresSchema.LATEST.toString());
      }
    } finally {
      pool.shutdownNow();
    }
    // Each migration (V1 to V6) ran once, although four stores raced to create the schema.
    assertThat(migrationsApplied(PostgresSchema.name(fresh))).isEqualTo(6);
  }

  @Test
  void shouldNotRunFlywayOnAStoreAlreadyAtThisBuildsVersion() throws SQLException {
    // Flyway refuses a migration location that does not exist, so each check below tells whether
    // Flyway ran.
    String schema = PostgresSchema.name(location);
    List<String> history = historyRows(schema);

    try (HikariDataSource pool = PostgresPool.open(location, schema)) {
      assertThat(withoutMigrations(location).ensureCurrent(pool)).isEqualTo(PostgresSchema.LATEST);
    }
    assertThat(historyRows(schema)).isEqualTo(history);

    StateLocation older = newLocation();
    String olderSchema = PostgresSchema.name(older);
    Flyway.configure()
        .dataSource(URL, USER, PASSWORD)
        .locations(PostgresSchema.MIGRATIONS)
        .table(FlywaySchema.HISTORY_TABLE)
        .schemas(olderSchema)
        .defaultSchema(olderSchema)
        .createSchemas(true)
        .target("5")
        .load()
        .migrate();
    try (HikariDataSource pool = PostgresPool.open(older, olderSchema)) {
      assertThatThrownBy(() -> withoutMigrations(older).ensureCurrent(pool))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
          .hasMessageContaining("cannot migrate the schema")
          .hasMessageContaining("db/migration/absent");
    }
  }

  private static FlywaySchema withoutMigrations(StateLocation at) {
    return new FlywaySchema(
        at,
        PostgresSchema.LATEST,
        "classpath:db/migration/absent",
        PostgresSchema.name(at),
        "migrating",
        "damaged");
  }

  private static List<String> historyRows(String schema) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT installed_rank, version, checksum, installed_on, success FROM \""
                    + schema
                    + "\".flyway_schema_history ORDER BY installed_rank")) {
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
  void shouldReadFilesWrittenBeforeVersionThreeWithNoWarnings() throws SQLException {
    StateLocation old = newLocation();
    String schema = PostgresSchema.name(old);
    Flyway.configure()
        .dataSource(URL, USER, PASSWORD)
        .locations(PostgresSchema.MIGRATIONS)
        .table(FlywaySchema.HISTORY_TABLE)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .target("2")
        .load()
        .migrate();
    ExportPlan plan = TestPlans.keyRange("run-v2", 1);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("SET search_path TO \"" + schema + "\"");
      try (PreparedStatement run =
          c.prepareStatement(
              "INSERT INTO runs (run_id, export_name, status, plan_json, chunk_count, created_at)"
                  + " VALUES ('run-v2', 'orders', 'running', ?, 1, now())")) {
        run.setString(1, PlanCodec.write(plan));
        run.executeUpdate();
      }
      st.executeUpdate(
          "INSERT INTO chunks (run_id, chunk_index, status, rows_written)"
              + " VALUES ('run-v2', 0, 'written', 7)");
      st.executeUpdate(
          "INSERT INTO files (run_id, chunk_index, file_index, path, rows_written, bytes, sha256)"
              + " VALUES ('run-v2', 0, 0, '/out/part-00000.csv', 7, 70, NULL)");
    }

    try (StateStore migrated = StateStores.open(old)) {
      assertThat(migrated.schemaVersion()).isEqualTo(PostgresSchema.LATEST.toString());
      assertThat(migrated.files("run-v2"))
          .containsExactly(
              new WrittenFile("run-v2", 0, 0, "/out/part-00000.csv", 7, 70, null, Map.of()));
    }
  }

  @Test
  void shouldRefuseASchemaThatLostATableInsteadOfFailingAtItsFirstStatement() throws Exception {
    StateLocation halfThere = newLocation();
    String schema = PostgresSchema.name(halfThere);
    StateStores.open(halfThere).close();
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE \"" + schema + "\".runs CASCADE");
    }

    assertThatThrownBy(() -> StateStores.open(halfThere))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint())
                  .contains("DROP SCHEMA " + schema + " CASCADE")
                  .contains("rivet state import --file BACKUP")
                  .doesNotContain("privilege");
            })
        .hasMessageContaining(
            "its schema history says version "
                + PostgresSchema.LATEST
                + " but table runs is missing: the store was changed outside rivet");
    assertThat(tables(schema)).doesNotContain("runs").contains("chunks");
  }

  @Test
  void shouldRefuseASchemaWithStateTablesButNoMigrationHistory() throws Exception {
    StateLocation foreign = newLocation();
    String schema = PostgresSchema.name(foreign);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA \"" + schema + "\"");
      st.execute("CREATE TABLE \"" + schema + "\".runs (id int)");
    }

    assertThatThrownBy(() -> StateStores.open(foreign))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).contains("DROP SCHEMA " + schema + " CASCADE");
            })
        .hasMessageEndingWith(
            " has table runs but no migration history (flyway_schema_history): it was changed"
                + " outside rivet, or holds another application's tables; rivet did not change it");
    assertThat(tables(schema)).containsExactly("runs");
  }

  private static StateLocation location(String schema) {
    StringBuilder url =
        new StringBuilder(URL)
            .append(URL.contains("?") ? '&' : '?')
            .append("currentSchema=")
            .append(schema)
            .append("&user=")
            .append(URLEncoder.encode(USER, StandardCharsets.UTF_8));
    if (!PASSWORD.isEmpty()) {
      url.append("&password=").append(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    }
    return new StateLocation(url.toString());
  }

  private static List<String> tables(String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private static int migrationsApplied(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM \""
                    + schema
                    + "\".flyway_schema_history WHERE version IS NOT NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
