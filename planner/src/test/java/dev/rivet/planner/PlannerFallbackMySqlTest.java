package dev.rivet.planner;

import static dev.rivet.planner.TestMySql.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB plans that read in one statement, and planning failures with their kind and hint. */
class PlannerFallbackMySqlTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());

  /** Lives in the connection's own database, to be found without naming one. */
  private static final String CURRENT_DB_TABLE = "rivet_planner_mysql_current_db";

  private static final List<String> TABLES =
      List.of(
          "fallback_no_key",
          "fallback_composite",
          "fallback_empty",
          "fallback_small",
          "fallback_unsigned_max",
          "fallback_zero_date",
          "fallback_partial_date");

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP VIEW IF EXISTS " + DATABASE + ".fallback_view",
        "DROP TABLE IF EXISTS "
            + TABLES.stream().map(t -> DATABASE + "." + t).collect(Collectors.joining(", ")),
        "DROP TABLE IF EXISTS " + CURRENT_DB_TABLE,
        // A nullable unique column is no key: NULLs would fall outside every range.
        "CREATE TABLE " + DATABASE + ".fallback_no_key (a INT UNIQUE, b VARCHAR(5) DEFAULT 'x')",
        "CREATE TABLE " + DATABASE + ".fallback_composite (a INT, b INT, PRIMARY KEY (a, b))",
        "CREATE TABLE " + DATABASE + ".fallback_empty (id BIGINT PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".fallback_small (id BIGINT PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".fallback_unsigned_max (id BIGINT UNSIGNED PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".fallback_zero_date (d DATE PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".fallback_partial_date (d DATE PRIMARY KEY)",
        "CREATE TABLE " + CURRENT_DB_TABLE + " (id INT PRIMARY KEY)",
        "CREATE VIEW "
            + DATABASE
            + ".fallback_view AS SELECT * FROM "
            + DATABASE
            + ".fallback_small");
    TestMySql.insert("fallback_no_key", "a", LongStream.rangeClosed(1, 5000));
    TestMySql.insert("fallback_small", "id", LongStream.rangeClosed(1, 50));
    TestMySql.insert(
        "fallback_unsigned_max",
        "id",
        LongStream.concat(LongStream.rangeClosed(1, 2000), LongStream.of(Long.MAX_VALUE)));
    TestMySql.execute(
        "INSERT INTO "
            + DATABASE
            + ".fallback_composite SELECT a DIV 10, a MOD 10 FROM "
            + DATABASE
            + ".fallback_no_key",
        "INSERT INTO " + DATABASE + ".fallback_unsigned_max VALUES (18446744073709551615)",
        "INSERT INTO "
            + DATABASE
            + ".fallback_zero_date SELECT DATE('2000-01-01') + INTERVAL a"
            + " DAY FROM "
            + DATABASE
            + ".fallback_no_key",
        "INSERT INTO " + DATABASE + ".fallback_zero_date VALUES ('0000-00-00')",
        // 100 dates, then the partial date 2020-00-15 exactly where the walk's first boundary is.
        "INSERT INTO "
            + DATABASE
            + ".fallback_partial_date SELECT DATE('2019-12-31')"
            + " - INTERVAL (a - 1) DAY FROM "
            + DATABASE
            + ".fallback_no_key WHERE a <= 100",
        "INSERT INTO " + DATABASE + ".fallback_partial_date VALUES ('2020-00-15')",
        "INSERT INTO "
            + DATABASE
            + ".fallback_partial_date SELECT DATE('2020-01-01')"
            + " + INTERVAL (a - 1) DAY FROM "
            + DATABASE
            + ".fallback_no_key WHERE a <= 400",
        "INSERT INTO " + CURRENT_DB_TABLE + " SELECT a FROM " + DATABASE + ".fallback_no_key",
        "ANALYZE TABLE "
            + TABLES.stream().map(t -> DATABASE + "." + t).collect(Collectors.joining(", "))
            + ", "
            + CURRENT_DB_TABLE);
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.execute(
        "DROP VIEW IF EXISTS " + DATABASE + ".fallback_view",
        "DROP TABLE IF EXISTS " + CURRENT_DB_TABLE);
    TestMySql.dropTables(TABLES.toArray(String[]::new));
  }

  private static ExportSpec spec(Relation relation, long chunkRows) {
    return new ExportSpec(
        "fallback",
        relation,
        new FullMode(),
        ReadSettings.of(chunkRows, 1000, 2),
        ValuePolicies.of(InfinityPolicy.CLAMP),
        new OutputSettings(
            Format.CSV,
            Compression.GZIP,
            Destination.parse("/tmp/rivet-planner-it"),
            OutputSettings.DEFAULT_ROW_GROUP_BYTES,
            null),
        CheckSettings.DEFAULT);
  }

  private static ExportPlan plan(Relation relation, long chunkRows) {
    return PLANNER.plan(TestMySql.source(), spec(relation, chunkRows), "run-fallback");
  }

  private static void assertSingleReadOf(ExportPlan plan, String note, long rows)
      throws SQLException {
    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.source()).isEqualTo(SourceKind.MYSQL);
    assertThat(plan.splitKey()).isNull();
    assertThat(plan.chunks()).containsExactly(Chunk.whole());
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains(note));
    assertThat(ChunkReads.rowCounts(plan, TestMySql::connect)).containsExactly(rows);
  }

  @Test
  void shouldReadATableWithoutAKeyInOneStatementAndSayWhy() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_no_key"), 100);

    assertSingleReadOf(plan, "unique index a: column a allows NULL", 5000);
    // No block ranges on MySQL/MariaDB: the keyless table stays one statement, saying why.
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("cannot read a table by ranges of its blocks"));
    assertThat(plan.columns()).extracting(c -> c.name()).containsExactly("a", "b");
  }

  @Test
  void shouldReadAViewInOneStatement() throws SQLException {
    assertSingleReadOf(
        plan(new TableRef(DATABASE, "fallback_view"), 10), "no primary key or unique index", 50);
  }

  @Test
  void shouldSplitOnACompositePrimaryKeyByKeysetRanges() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_composite"), 100);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey().describe()).isEqualTo("(a, b)");
    assertThat(plan.chunks()).hasSize(50);
  }

  @Test
  void shouldReadAQueryExportInOneStatement() throws SQLException {
    ExportPlan plan =
        plan(
            new QueryText(
                "SELECT a AS first, b, a + 1 AS next FROM " + DATABASE + ".fallback_no_key;"),
            10);

    assertSingleReadOf(plan, "query exports are read by one statement", 5000);
    assertThat(plan.estimatedRows()).isEqualTo(-1);
    assertThat(plan.columns()).extracting(c -> c.name()).containsExactly("first", "b", "next");
  }

  @Test
  void shouldReadAnEmptyTableInOneStatement() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_empty"), 10);

    assertSingleReadOf(plan, "table is empty at plan time", 0);
    assertThat(plan.estimatedRows()).isZero();
  }

  @Test
  void shouldReadATableThatFitsOneChunkInOneStatement() throws SQLException {
    assertSingleReadOf(
        plan(new TableRef(DATABASE, "fallback_small"), 1000), "fit in one chunk", 50);
  }

  @Test
  void shouldReadAnUnsignedKeyAboveTheSignedRangeInOneStatement() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_unsigned_max"), 100);

    assertSingleReadOf(plan, "key id holds 18446744073709551615, above 9223372036854775807", 2002);
  }

  @Test
  void shouldReadADateKeyHoldingAZeroDateInOneStatement() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_zero_date"), 100);

    assertSingleReadOf(plan, "key d holds '0000-00-00', a zero or invalid date", 5001);
  }

  @Test
  void shouldReadADateKeyWhoseIndexWalkMeetsAPartialDateInOneStatement() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "fallback_partial_date"), 100);

    assertSingleReadOf(plan, "key d holds '2020-00-15', a zero or invalid date", 501);
  }

  @Test
  void shouldFindATableWithoutADatabaseInTheConnectionsDatabase() throws SQLException {
    ExportPlan plan = plan(new TableRef(null, CURRENT_DB_TABLE), 1000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.estimatedRows()).isPositive();
    assertThat(
            ChunkReads.rowCounts(plan, TestMySql::connect).stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(5000);
  }

  @Test
  void shouldRejectAMissingTableAsUserConfigNamingIt() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class, () -> plan(new TableRef(DATABASE, "fallback_no_such"), 100));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains(DATABASE + ".fallback_no_such").contains("error 1146");
    assertThat(e.hint()).contains("table name");
  }

  @Test
  void shouldRejectAQueryWithAMissingColumnAsUserConfig() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> plan(new QueryText("SELECT nope FROM " + DATABASE + ".fallback_no_key"), 100));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains("nope").contains("error 1054");
    assertThat(e.hint()).contains("column names");
  }

  @Test
  void shouldRejectAWrongPasswordAsPermanentWithoutShowingIt() {
    SourceConnection wrong =
        new SourceConnection(
            TestMySql.url() + "?password=url-secret-1", TestMySql.AUTH_USER, "wrong-secret-2");

    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> PLANNER.plan(wrong, spec(new TableRef(DATABASE, "fallback_small"), 10), "run"));

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("password");
    assertThat(e.getMessage())
        .contains(TestMySql.AUTH_USER)
        .contains("password=***")
        .doesNotContain("url-secret-1")
        .doesNotContain("wrong-secret-2");
  }

  @Test
  void shouldAcceptTheRightPasswordOfAPasswordUser() {
    SourceConnection right =
        new SourceConnection(TestMySql.serverUrl(), TestMySql.AUTH_USER, TestMySql.AUTH_PASSWORD);

    // The user may connect but not read the table: authentication itself passed.
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> PLANNER.plan(right, spec(new TableRef(DATABASE, "fallback_small"), 10), "run"));

    assertThat(e.hint()).contains("GRANT SELECT").doesNotContain("check source.user");
  }

  @Test
  void shouldRejectAUserWithoutSelectAsSourcePermanentWithGrantHint() {
    SourceConnection noRead =
        new SourceConnection(TestMySql.serverUrl(), TestMySql.NO_READ_USER, null);

    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> PLANNER.plan(noRead, spec(new TableRef(DATABASE, "fallback_small"), 10), "run"));

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.getMessage()).contains("fallback_small").contains("error 1142");
    assertThat(e.hint()).contains("GRANT SELECT ON db.table");
  }

  @Test
  void shouldFailFastWithAConnectHintWhenNothingListens() {
    SourceConnection nowhere =
        new SourceConnection("jdbc:mariadb://127.0.0.1:1/test", TestMySql.user(), "");

    RivetException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () ->
                catchThrowableOfType(
                    RivetException.class,
                    () ->
                        PLANNER.plan(
                            nowhere, spec(new TableRef(DATABASE, "fallback_small"), 10), "run")));

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.getMessage()).contains("127.0.0.1:1");
    assertThat(e.hint()).contains("host and port");
  }

  @Test
  void shouldOpenAJdbcMysqlUrlWithTheMariaDbDriver() throws SQLException {
    SourceConnection mysqlScheme =
        new SourceConnection(
            TestMySql.source().jdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"),
            TestMySql.user(),
            TestMySql.source().password());

    ExportPlan plan =
        PLANNER.plan(mysqlScheme, spec(new TableRef(DATABASE, "fallback_small"), 10), "run");

    assertThat(plan.source()).isEqualTo(SourceKind.MYSQL);
    assertThat(plan.chunks()).hasSizeGreaterThan(1);
  }
}
