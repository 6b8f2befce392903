package dev.rivet.planner;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.postgres.PostgresDialect;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A keyless heap on the real PostgreSQL (14+), with deleted rows, HOT updates, NULLs and wide
 * (TOASTed) rows, planned as block ranges: every row read exactly once across the chunks, chunks of
 * similar size, each chunk statement a TID Range Scan.
 */
class PlannerBlockRangePostgresTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());
  private static final Dialect PG = new PostgresDialect();
  private static final String TABLE = "ctid_heap";
  private static final String QUALIFIED = SCHEMA + "." + TABLE;
  private static final String ROW =
      "a::text || '|' || coalesce(b, 'NULL') || '|' || c || '|' || md5(w)";

  @BeforeAll
  static void createTable() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS "
            + QUALIFIED
            + ", "
            + SCHEMA
            + ".ctid_partitioned, "
            + SCHEMA
            + ".ctid_unanalyzed, "
            + SCHEMA
            + ".ctid_empty",
        "CREATE TABLE "
            + SCHEMA
            + ".ctid_unanalyzed (a int, b text) WITH (autovacuum_enabled = false)",
        "INSERT INTO " + SCHEMA + ".ctid_unanalyzed SELECT g, 'b' FROM generate_series(1, 5000) g",
        "CREATE TABLE " + SCHEMA + ".ctid_empty (a int, b text)",
        "ANALYZE " + SCHEMA + ".ctid_empty",
        // No index at all, so every update that fits its page is a HOT update; fillfactor leaves
        // room for them. Autovacuum off: the dead tuples and the statistics stay as set here.
        "CREATE TABLE "
            + QUALIFIED
            + " (a int, b text, c numeric, w text) WITH (fillfactor = 70,"
            + " autovacuum_enabled = false)",
        "INSERT INTO "
            + QUALIFIED
            + " SELECT g, CASE WHEN g % 97 = 0 THEN NULL ELSE 'row ' || g END, g * 1.5,"
            + " CASE WHEN g % 500 = 0"
            + " THEN (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1, 200) i)"
            + " ELSE repeat('x', 120) END"
            + " FROM generate_series(1, 20000) g",
        "DELETE FROM " + QUALIFIED + " WHERE a % 13 = 0",
        "UPDATE " + QUALIFIED + " SET c = c + 1 WHERE a % 7 = 0",
        "ANALYZE " + QUALIFIED,
        "CREATE TABLE " + SCHEMA + ".ctid_partitioned (a int, b text) PARTITION BY RANGE (a)",
        "CREATE TABLE "
            + SCHEMA
            + ".ctid_partitioned_1 PARTITION OF "
            + SCHEMA
            + ".ctid_partitioned FOR VALUES FROM (0) TO (100000)",
        "INSERT INTO "
            + SCHEMA
            + ".ctid_partitioned SELECT g, repeat('y', 100) FROM generate_series(1, 5000) g",
        "ANALYZE " + SCHEMA + ".ctid_partitioned");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    TestPostgres.dropTables(TABLE, "ctid_partitioned", "ctid_unanalyzed", "ctid_empty");
  }

  private static ExportSpec spec(String table, long chunkRows) {
    return new ExportSpec(
        "ctid",
        new TableRef(SCHEMA, table),
        new FullMode(),
        ReadSettings.of(chunkRows, 1000, 4),
        ValuePolicies.of(InfinityPolicy.CLAMP),
        new OutputSettings(
            Format.CSV,
            Compression.GZIP,
            Destination.parse("/tmp/rivet-planner-ctid"),
            OutputSettings.DEFAULT_ROW_GROUP_BYTES,
            null),
        CheckSettings.DEFAULT);
  }

  @Test
  void shouldSplitAKeylessTableIntoBlockRangesThatReadEveryRowExactlyOnce() throws SQLException {
    ExportPlan plan = PLANNER.plan(TestPostgres.source(), spec(TABLE, 2000), "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.BLOCK_RANGE);
    assertThat(plan.splitKey()).isNull();
    assertThat(plan.chunks()).hasSizeBetween(6, 12);
    assertThat(plan.chunks().get(0).lowerInclusive()).isNull();
    assertThat(plan.chunks().get(plan.chunks().size() - 1).upperExclusive()).isNull();
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("split by physical block ranges (ctid)"));
    assertThat(plan.notes()).extracting(PlanNote::code).contains(NoteCode.ROWS_MOVE_BETWEEN_BLOCKS);

    try (Connection c = TestPostgres.connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      List<String> read = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (Chunk chunk : plan.chunks()) {
        List<String> rows = rows(c, chunk, plan);
        sizes.add(rows.size());
        read.addAll(rows);
      }
      List<String> source = query(c, "SELECT " + ROW + " FROM " + QUALIFIED);
      c.commit();

      assertThat(source).hasSize(20000 - 20000 / 13);
      assertThat(read).hasSameSizeAs(source);
      assertThat(read).containsExactlyInAnyOrderElementsOf(source);
      assertThat(source).anySatisfy(r -> assertThat(r).contains("|NULL|"));
      int average = source.size() / plan.chunks().size();
      assertThat(sizes)
          .as("rows per chunk, about %d each", average)
          .allSatisfy(n -> assertThat(n).isBetween(average / 2, average * 3 / 2));
    }
  }

  @Test
  void shouldReadEveryBlockRangeWithATidRangeScan() throws SQLException {
    ExportPlan plan = PLANNER.plan(TestPostgres.source(), spec(TABLE, 2000), "run-ctid");

    try (Connection c = TestPostgres.connect();
        Statement s = c.createStatement()) {
      for (Chunk chunk : plan.chunks()) {
        String sql = ChunkQueries.selectSqlWithLiterals(PG, plan, chunk);
        try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
          rs.next();
          JsonNode root = new ObjectMapper().readTree(rs.getString(1)).path(0).path("Plan");
          assertThat(root.path("Node Type").asText()).as(sql).isEqualTo("Tid Range Scan");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  @Test
  void shouldNotWarnOfMovingRowsUnderOneSharedSnapshot() {
    ExportPlan plan =
        PLANNER.plan(
            TestPostgres.source(),
            spec(TABLE, 2000).withConsistency(Consistency.SNAPSHOT),
            "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.BLOCK_RANGE);
    assertThat(plan.notes())
        .extracting(PlanNote::code)
        .doesNotContain(NoteCode.ROWS_MOVE_BETWEEN_BLOCKS);
  }

  @Test
  void shouldReadAKeylessTableThatFitsOneChunkInOneStatement() {
    ExportPlan plan = PLANNER.plan(TestPostgres.source(), spec(TABLE, 50_000), "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.chunks()).containsExactly(Chunk.whole());
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("fit in one chunk"));
  }

  @Test
  void shouldReadAPartitionedKeylessTableInOneStatementAndSayWhy() {
    ExportPlan plan =
        PLANNER.plan(TestPostgres.source(), spec("ctid_partitioned", 100), "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.noteTexts())
        .anySatisfy(
            n -> assertThat(n).contains("partitioned table").contains("one long statement"));
  }

  @Test
  void shouldReadANeverAnalyzedKeylessTableInOneStatementAndSuggestAnalyze() {
    ExportPlan plan = PLANNER.plan(TestPostgres.source(), spec("ctid_unanalyzed", 100), "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.noteTexts())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("never analyzed")
                    .contains("ANALYZE \"" + SCHEMA + "\".\"ctid_unanalyzed\""));
  }

  @Test
  void shouldReadAnEmptyKeylessTableInOneStatement() {
    ExportPlan plan = PLANNER.plan(TestPostgres.source(), spec("ctid_empty", 100), "run-ctid");

    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("empty at plan time"));
  }

  private static List<String> rows(Connection c, Chunk chunk, ExportPlan plan) throws SQLException {
    String where = ChunkQueries.selectSql(PG, plan, chunk).replaceFirst("^.* FROM [^ ]+", "");
    return query(c, "SELECT " + ROW + " FROM " + QUALIFIED + where);
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
