package dev.rivet.planner.postgres;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestPostgres;
import dev.rivet.planner.dialect.ColumnGrants;
import dev.rivet.planner.dialect.KeyCandidate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the catalog reports for real PostgreSQL types, exactly as pgjdbc describes them. */
class PostgresCatalogTest {
  private static final TableRef TYPES = new TableRef(SCHEMA, "catalog_types");

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + ".catalog_types",
        "CREATE TABLE "
            + SCHEMA
            + ".catalog_types ("
            + " i int4 PRIMARY KEY,"
            + " money_amount numeric(10,2),"
            + " any_number numeric NOT NULL,"
            + " label text,"
            + " seen_at timestamptz,"
            + " scores int4[])",
        "INSERT INTO "
            + SCHEMA
            + ".catalog_types VALUES (-7, 1.5, 2, 'a', now(), '{1}'),"
            + " (42, null, 3, null, null, null)");
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestPostgres.dropTables("catalog_types");
  }

  @Test
  void shouldCaptureColumnTypesAsPgjdbcReportsThem() throws SQLException {
    try (Connection connection = TestPostgres.connect()) {
      List<SourceColumn> columns =
          new PostgresCatalog(connection, new PostgresDialect()).columns(TYPES);

      // pgjdbc's precision is a display size for non-numerics (text: Integer.MAX_VALUE) and the
      // element's for arrays; only numeric's precision/scale are declared digits (0 = any).
      assertThat(columns)
          .containsExactly(
              new SourceColumn("i", Types.INTEGER, "int4", 10, 0, false),
              new SourceColumn("money_amount", Types.NUMERIC, "numeric", 10, 2, true),
              new SourceColumn("any_number", Types.NUMERIC, "numeric", 0, 0, false),
              new SourceColumn("label", Types.VARCHAR, "text", Integer.MAX_VALUE, 0, true),
              new SourceColumn("seen_at", Types.TIMESTAMP, "timestamptz", 35, 6, true),
              new SourceColumn("scores", Types.ARRAY, "_int4", 10, 0, true));
    }
  }

  @Test
  void shouldRecordDeclaredArrayDimensionsAndMoneysScaleForTablesOnly() throws SQLException {
    TableRef table = new TableRef(SCHEMA, "ndarrays_catalog");
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + ".ndarrays_catalog",
        "CREATE TABLE "
            + SCHEMA
            + ".ndarrays_catalog (flat int4[], matrix int4[][], cube text[][][], cash money)");
    try (Connection connection = TestPostgres.connect()) {
      int scale;
      try (Statement statement = connection.createStatement();
          java.sql.ResultSet rs = statement.executeQuery("SELECT scale('1'::money::numeric)")) {
        rs.next();
        scale = rs.getInt(1);
      }
      PostgresCatalog catalog = new PostgresCatalog(connection, new PostgresDialect());

      List<SourceColumn> columns = catalog.columns(table);
      List<SourceColumn> fromQuery =
          catalog.columns(new QueryText("SELECT * FROM " + SCHEMA + ".ndarrays_catalog"));

      assertThat(columns)
          .extracting(SourceColumn::name, SourceColumn::dimensions)
          .containsExactly(
              tuple("flat", 0), tuple("matrix", 2), tuple("cube", 3), tuple("cash", 0));
      assertThat(columns.get(3).precision()).isEqualTo(PostgresMoney.PRECISION);
      assertThat(columns.get(3).scale()).isEqualTo(scale);
      assertThat(PostgresMoney.readAsNumeric(columns.get(3))).isTrue();
      PostgresDialect dialect = new PostgresDialect();
      assertThat(dialect.selectColumn(columns.get(3))).isEqualTo("\"cash\"::numeric AS \"cash\"");
      assertThat(dialect.selectedAs(columns.get(3)).typeName()).isEqualTo("numeric");
      assertThat(dialect.selectColumn(columns.get(1))).isEqualTo("\"matrix\"");
      // A query's columns have no catalog entry: no dimensions, money as the driver reports it.
      assertThat(fromQuery).extracting(SourceColumn::dimensions).containsOnly(0);
      assertThat(PostgresMoney.readAsNumeric(fromQuery.get(3))).isFalse();
    } finally {
      TestPostgres.dropTables("ndarrays_catalog");
    }
  }

  @Test
  void shouldNameTheColumnsAUserMayNotSelect() throws SQLException {
    TestPostgres.execute(
        "DO $$ BEGIN CREATE ROLE rivet_catalog_grants NOLOGIN;"
            + " EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO rivet_catalog_grants",
        "REVOKE ALL ON " + SCHEMA + ".catalog_types FROM rivet_catalog_grants",
        "GRANT SELECT (i, label) ON " + SCHEMA + ".catalog_types TO rivet_catalog_grants");
    try (Connection connection = TestPostgres.connect();
        Statement statement = connection.createStatement()) {
      PostgresCatalog catalog = new PostgresCatalog(connection, new PostgresDialect());
      assertThat(catalog.columnGrants(TYPES)).contains(new ColumnGrants(List.of(), 6));

      statement.execute("SET ROLE rivet_catalog_grants");
      assertThat(catalog.columnGrants(TYPES))
          .contains(
              new ColumnGrants(List.of("money_amount", "any_number", "seen_at", "scores"), 6));
      assertThat(catalog.columnGrants(new TableRef(SCHEMA, "no_such_table"))).isEmpty();
      statement.execute("RESET ROLE");
    }
  }

  @Test
  void shouldCaptureQueryColumnsAsNullableWhenTheSourceCannotTell() throws SQLException {
    try (Connection connection = TestPostgres.connect()) {
      List<SourceColumn> columns =
          new PostgresCatalog(connection, new PostgresDialect())
              .columns(new QueryText("SELECT i, i * 2 AS twice FROM " + SCHEMA + ".catalog_types"));

      assertThat(columns)
          .extracting(SourceColumn::name, SourceColumn::typeName, SourceColumn::nullable)
          .containsExactly(tuple("i", "int4", false), tuple("twice", "int4", true));
    }
  }

  @Test
  void shouldFindThePrimaryKeyRangeAndEstimate() throws SQLException {
    try (Connection connection = TestPostgres.connect()) {
      PostgresCatalog catalog = new PostgresCatalog(connection, new PostgresDialect());

      assertThat(catalog.splitKey(TYPES))
          .contains(new KeyCandidate(new SplitKey("i", KeyType.INTEGER), "primary key"));
      assertThat(catalog.keyRange(TYPES, new SplitKey("i", KeyType.INTEGER)))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(-7, 42));
      SplitKey key = new SplitKey("i", KeyType.INTEGER);
      assertThat(catalog.keyRange(TYPES, key, null, 42L))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(-7, -7));
      assertThat(catalog.keyRange(TYPES, key, -6L, null))
          .hasValueSatisfying(range -> assertThat(range).containsExactly(42, 42));
      assertThat(catalog.keyRange(TYPES, key, -6L, 42L)).isEmpty();
      TestPostgres.execute("ANALYZE " + SCHEMA + ".catalog_types");
      assertThat(catalog.estimatedRows(TYPES)).isEqualTo(2);
    }
  }
}
