package dev.rivet.planner.mysql;

import static dev.rivet.planner.TestMySql.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestMySql;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.KeyCandidate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the catalog reports for real MariaDB types and keys, as MariaDB Connector/J describes them.
 */
class MySqlCatalogTest {
  private static final TableRef TYPES = new TableRef(DATABASE, "catalog_types");
  private static final SplitKey ID = new SplitKey("id", KeyType.INTEGER);

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + DATABASE + ".catalog_types",
        "CREATE TABLE "
            + DATABASE
            + ".catalog_types ("
            + " id BIGINT UNSIGNED PRIMARY KEY,"
            + " amount DECIMAL(65,30),"
            + " label VARCHAR(20) CHARACTER SET utf8mb4 NOT NULL DEFAULT '',"
            + " flag TINYINT(1),"
            + " seen_at DATETIME(6),"
            + " shape GEOMETRY)",
        "INSERT INTO " + DATABASE + ".catalog_types (id) VALUES (7), (42), (43), (100)",
        "ANALYZE TABLE " + DATABASE + ".catalog_types");
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.dropTables("catalog_types");
  }

  private static Catalog catalog(Connection connection) {
    return new MySqlDialect().catalog(connection);
  }

  @Test
  void shouldCaptureColumnTypesAsMariaDbConnectorJReportsThem() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      List<SourceColumn> columns = catalog(connection).columns(TYPES);

      // TINYINT(1) is BOOLEAN (the driver's tinyInt1isBit default); spatial precision is -1.
      assertThat(columns)
          .extracting(
              SourceColumn::name,
              SourceColumn::typeName,
              SourceColumn::precision,
              SourceColumn::scale,
              SourceColumn::nullable)
          .containsExactly(
              tuple("id", "BIGINT UNSIGNED", 20, 0, false),
              tuple("amount", "DECIMAL", 65, 30, true),
              tuple("label", "VARCHAR", 20, 0, false),
              tuple("flag", "BOOLEAN", 1, 0, true),
              tuple("seen_at", "DATETIME", 26, 6, true),
              tuple("shape", "GEOMETRY", -1, 0, true));
    }
  }

  @Test
  void shouldIncludeInvisibleColumnsInCatalogOrder() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + DATABASE + ".types_invisible",
        "CREATE TABLE "
            + DATABASE
            + ".types_invisible (id INT PRIMARY KEY, secret VARCHAR(10) INVISIBLE,"
            + " `odd ``name` INT INVISIBLE, label TEXT)");
    try (Connection connection = TestMySql.connect()) {
      List<SourceColumn> columns =
          catalog(connection).columns(new TableRef(DATABASE, "types_invisible"));

      assertThat(columns)
          .extracting(SourceColumn::name, SourceColumn::typeName)
          .containsExactly(
              tuple("id", "INTEGER"),
              tuple("secret", "VARCHAR"),
              tuple("odd `name", "INTEGER"),
              tuple("label", "TEXT"));
    } finally {
      TestMySql.dropTables("types_invisible");
    }
  }

  @Test
  void shouldDescribeATableWithoutInvisibleColumnsAsSelectStarDoes() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      assertThat(catalog(connection).columns(TYPES))
          .isEqualTo(
              catalog(connection)
                  .columns(new QueryText("SELECT * FROM " + DATABASE + ".catalog_types")));
    }
  }

  @Test
  void shouldCaptureQueryColumnsByTheirLabels() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      List<SourceColumn> columns =
          catalog(connection)
              .columns(
                  new QueryText("SELECT id, id * 2 AS twice FROM " + DATABASE + ".catalog_types"));

      assertThat(columns).extracting(SourceColumn::name).containsExactly("id", "twice");
    }
  }

  @Test
  void shouldFindThePrimaryKeyItsRangeAndTheEstimate() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      Catalog catalog = catalog(connection);

      assertThat(catalog.splitKey(TYPES)).contains(new KeyCandidate(ID, "primary key"));
      assertThat(catalog.keyRange(TYPES, ID))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(7, 100));
      assertThat(catalog.estimatedRows(TYPES)).isEqualTo(4);
    }
  }

  @Test
  void shouldFindTheKeyRangeWithinHalfOpenBounds() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      Catalog catalog = catalog(connection);

      assertThat(catalog.keyRange(TYPES, ID, 8L, 100L))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(42, 43));
      assertThat(catalog.keyRange(TYPES, ID, null, 43L))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(7, 42));
      assertThat(catalog.keyRange(TYPES, ID, 43L, null))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(43, 100));
      assertThat(catalog.keyRange(TYPES, ID, 44L, 100L)).isEmpty();
    }
  }

  @Test
  void shouldFindKeysByPositionInKeyOrder() throws SQLException {
    try (Connection connection = TestMySql.connect()) {
      Catalog catalog = catalog(connection);

      assertThat(catalog.keyAtOffset(TYPES, ID, 0, 0)).isEqualTo(OptionalLong.of(7));
      assertThat(catalog.keyAtOffset(TYPES, ID, 8, 1)).isEqualTo(OptionalLong.of(43));
      assertThat(catalog.keyAtOffset(TYPES, ID, 42, 2)).isEqualTo(OptionalLong.of(100));
      assertThat(catalog.keyAtOffset(TYPES, ID, 42, 3)).isEmpty();
    }
  }

  @Test
  void shouldRefuseATableWithoutDatabaseWhenTheConnectionHasNone() throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(
            TestMySql.serverUrl(), TestMySql.user(), TestMySql.source().password())) {
      Catalog catalog = catalog(connection);

      assertThatThrownBy(() -> catalog.splitKey(new TableRef(null, "catalog_types")))
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
                assertThat(e.hint()).contains("database.table");
              });
    }
  }
}
