package dev.rivet.planner;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full-mode plans that read in one statement, and planning failures with their kind and hint. */
class PlannerFallbackPostgresTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());
  private static final List<String> TABLES =
      List.of(
          "fallback_no_key",
          "fallback_composite",
          "fallback_empty",
          "fallback_small",
          "fallback_date_infinity",
          "fallback_tstz_infinity",
          "fallback_unanalyzed_dates");

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        "DROP VIEW IF EXISTS " + SCHEMA + ".fallback_view",
        "DROP TABLE IF EXISTS " + SCHEMA + "." + String.join(", " + SCHEMA + ".", TABLES),
        // A nullable unique column is no key: NULLs would fall outside every range.
        "CREATE TABLE " + SCHEMA + ".fallback_no_key (a int UNIQUE, b text)",
        "INSERT INTO " + SCHEMA + ".fallback_no_key SELECT g, 'x' FROM generate_series(1, 5000) g",
        "CREATE TABLE " + SCHEMA + ".fallback_composite (a int, b int, PRIMARY KEY (a, b))",
        "INSERT INTO "
            + SCHEMA
            + ".fallback_composite"
            + " SELECT g / 10, g % 10 FROM generate_series(1, 5000) g",
        "CREATE TABLE " + SCHEMA + ".fallback_empty (id bigint PRIMARY KEY)",
        "CREATE TABLE " + SCHEMA + ".fallback_small (id bigint PRIMARY KEY)",
        "INSERT INTO " + SCHEMA + ".fallback_small SELECT generate_series(1, 50)",
        "CREATE TABLE " + SCHEMA + ".fallback_date_infinity (d date PRIMARY KEY)",
        "INSERT INTO "
            + SCHEMA
            + ".fallback_date_infinity"
            + " SELECT date '2000-01-01' + g FROM generate_series(0, 999) g"
            + " UNION ALL SELECT 'infinity'",
        "CREATE TABLE " + SCHEMA + ".fallback_tstz_infinity (ts timestamptz PRIMARY KEY)",
        "INSERT INTO "
            + SCHEMA
            + ".fallback_tstz_infinity"
            + " SELECT timestamptz '2000-01-01Z' + g * interval '1 hour'"
            + " FROM generate_series(0, 999) g UNION ALL SELECT '-infinity'",
        // Autovacuum off: reltuples stays -1 (never analyzed) for as long as the test needs.
        "CREATE TABLE "
            + SCHEMA
            + ".fallback_unanalyzed_dates (d date PRIMARY KEY)"
            + " WITH (autovacuum_enabled = false)",
        "INSERT INTO "
            + SCHEMA
            + ".fallback_unanalyzed_dates"
            + " SELECT date '2000-01-01' + g FROM generate_series(0, 9999) g",
        "CREATE VIEW " + SCHEMA + ".fallback_view AS SELECT * FROM " + SCHEMA + ".fallback_small",
        "ANALYZE " + SCHEMA + ".fallback_no_key",
        "ANALYZE " + SCHEMA + ".fallback_composite",
        "ANALYZE " + SCHEMA + ".fallback_small",
        "ANALYZE " + SCHEMA + ".fallback_date_infinity",
        "ANALYZE " + SCHEMA + ".fallback_tstz_infinity");
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestPostgres.execute("DROP VIEW IF EXISTS " + SCHEMA + ".fallback_view");
    TestPostgres.dropTables(TABLES.toArray(String[]::new));
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
    return PLANNER.plan(TestPostgres.source(), spec(relation, chunkRows), "run-fallback");
  }

  private static void assertSingleRead(ExportPlan plan, String note) {
    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.splitKey()).isNull();
    assertThat(plan.chunks()).containsExactly(Chunk.whole());
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains(note));
  }

  @Test
  void shouldSplitATableWithoutAKeyByBlockRangesAndSayWhy() {
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_no_key"), 100);

    assertThat(plan.strategy()).isEqualTo(Strategy.BLOCK_RANGE);
    assertThat(plan.splitKey()).isNull();
    assertThat(plan.chunks()).hasSizeGreaterThan(1);
    assertThat(plan.noteTexts())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("unique index fallback_no_key_a_key: column a allows NULL")
                    .contains("split by physical block ranges"));
    assertThat(plan.estimatedRows()).isEqualTo(5000);
    assertThat(plan.columns()).extracting(c -> c.name()).containsExactly("a", "b");
  }

  @Test
  void shouldReadAViewInOneStatement() {
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_view"), 10);

    assertSingleRead(plan, "no primary key or unique index; ");
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("no blocks of its own"));
    assertThat(plan.columns()).extracting(c -> c.name()).containsExactly("id");
  }

  @Test
  void shouldSplitOnACompositePrimaryKeyByKeysetRanges() {
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_composite"), 100);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey().isKeyset()).isTrue();
    assertThat(plan.splitKey().describe()).isEqualTo("(a, b)");
    assertThat(plan.chunks()).hasSize(50);
    assertThat(plan.noteTexts().get(0))
        .startsWith("split on primary key (a, b) by keyset ranges into 50 chunks of about 100");
  }

  @Test
  void shouldReadAQueryExportInOneStatement() {
    ExportPlan plan =
        plan(
            new QueryText(
                "SELECT a AS first, b, a + 1 AS next FROM " + SCHEMA + ".fallback_no_key;"),
            10);

    assertSingleRead(plan, "query exports are read by one statement");
    assertThat(plan.estimatedRows()).isEqualTo(-1);
    assertThat(plan.columns()).extracting(c -> c.name()).containsExactly("first", "b", "next");
  }

  @Test
  void shouldReadAnEmptyTableInOneStatement() {
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_empty"), 10);

    assertSingleRead(plan, "table is empty at plan time");
    assertThat(plan.estimatedRows()).isZero();
  }

  @Test
  void shouldReadATableThatFitsOneChunkInOneStatement() {
    assertSingleRead(plan(new TableRef(SCHEMA, "fallback_small"), 1000), "fit in one chunk");
  }

  @Test
  void shouldPlanATableItsStatisticsFitInOneChunkWithoutReadingItsKeyRange() {
    // Its key holds infinity, which min/max would report: the note shows min/max was not asked.
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_date_infinity"), 5000);

    assertSingleRead(plan, "fit in one chunk");
    assertThat(plan.noteTexts()).noneSatisfy(n -> assertThat(n).contains("infinity"));
    assertThat(plan.estimatedRows()).isPositive();
  }

  @Test
  void shouldReadADateKeyHoldingInfinityInOneStatement() {
    assertSingleRead(plan(new TableRef(SCHEMA, "fallback_date_infinity"), 100), "holds infinity");
  }

  @Test
  void shouldReadATimestampKeyHoldingMinusInfinityInOneStatement() {
    assertSingleRead(plan(new TableRef(SCHEMA, "fallback_tstz_infinity"), 100), "holds infinity");
  }

  @Test
  void shouldReadANeverAnalyzedDateKeyInOneStatementAndSuggestAnalyze() {
    ExportPlan plan = plan(new TableRef(SCHEMA, "fallback_unanalyzed_dates"), 100);

    assertSingleRead(plan, "never analyzed");
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("run ANALYZE"));
    assertThat(plan.estimatedRows()).isEqualTo(-1);
  }

  @Test
  void shouldRejectAMissingTableAsUserConfigNamingIt() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class, () -> plan(new TableRef(SCHEMA, "fallback_no_such_table"), 100));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains(SCHEMA + ".fallback_no_such_table");
    assertThat(e.hint()).contains("schema");
  }

  @Test
  void shouldRejectAQueryWithAMissingColumnAsUserConfig() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> plan(new QueryText("SELECT nope FROM " + SCHEMA + ".fallback_no_key"), 100));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains("nope").contains("42703");
    assertThat(e.hint()).contains("column names");
  }

  @Test
  void shouldRejectAWrongPasswordAsPermanentWithoutShowingIt() {
    TestServers.requirePostgresPasswordLogin();
    SourceConnection wrong =
        new SourceConnection(
            TestPostgres.url() + "?password=url-secret-1", "rivet_auth", "wrong-secret-2");

    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> PLANNER.plan(wrong, spec(new TableRef(SCHEMA, "fallback_small"), 10), "run"));

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("password");
    assertThat(e.getMessage())
        .contains("rivet_auth")
        .contains("password=***")
        .doesNotContain("url-secret-1")
        .doesNotContain("wrong-secret-2");
    assertThat(e.hint()).doesNotContain("url-secret-1").doesNotContain("wrong-secret-2");
  }

  @Test
  void shouldFailFastWithAConnectHintWhenNothingListens() {
    SourceConnection nowhere =
        new SourceConnection("jdbc:postgresql://127.0.0.1:1/test", "postgres", "");

    RivetException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () ->
                catchThrowableOfType(
                    RivetException.class,
                    () ->
                        PLANNER.plan(
                            nowhere, spec(new TableRef(SCHEMA, "fallback_small"), 10), "run")));

    assertThat(e.kind()).isIn(FailureKind.SOURCE_TRANSIENT, FailureKind.SOURCE_PERMANENT);
    assertThat(e.getMessage()).contains("127.0.0.1:1");
    assertThat(e.hint()).contains("host and port");
  }

  @Test
  void shouldRejectANonPostgresUrlBeforeConnecting() {
    SourceConnection other =
        new SourceConnection("jdbc:sqlite:/tmp/x.db?password=s3cret", null, null);

    assertThatThrownBy(() -> PLANNER.plan(other, spec(new TableRef(null, "t"), 10), "run"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported: postgresql")
        .hasMessageNotContaining("s3cret");
  }
}
