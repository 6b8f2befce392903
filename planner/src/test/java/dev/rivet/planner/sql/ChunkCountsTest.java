package dev.rivet.planner.sql;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestPostgres;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.mysql.MySqlDialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Count SQL per dialect, and its counts on a real PostgreSQL. */
class ChunkCountsTest {
  private static final Dialect PG = new PostgresDialect();
  private static final Dialect MYSQL = new MySqlDialect();
  private static final String TABLE = "chunk_counts";
  private static final List<Chunk> CHUNKS =
      List.of(new Chunk(0, null, "100"), new Chunk(1, "100", "200"), new Chunk(2, "200", null));
  private static final ExportPlan TABLE_PLAN =
      ChunkQueriesTest.splitPlan(
          new TableRef("sales", "Orders"), new SplitKey("Line \"No\"", KeyType.INTEGER));

  @BeforeAll
  static void createTable() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + "." + TABLE,
        "CREATE TABLE " + SCHEMA + "." + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO "
            + SCHEMA
            + "."
            + TABLE
            + " SELECT g, 'n' || g FROM generate_series(1, 250) g");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    TestPostgres.dropTables(TABLE);
  }

  @Test
  void shouldCountMiddleChunkWithBothBoundsAsParameters() {
    assertThat(ChunkCounts.countSql(PG, TABLE_PLAN, CHUNKS.get(1)))
        .isEqualTo(
            "SELECT count(*) FROM \"sales\".\"Orders\""
                + " WHERE \"Line \"\"No\"\"\" >= ? AND \"Line \"\"No\"\"\" < ?");
  }

  @Test
  void shouldCountOpenEndedChunksWithOneBound() {
    assertThat(ChunkCounts.countSql(PG, TABLE_PLAN, CHUNKS.get(0)))
        .isEqualTo("SELECT count(*) FROM \"sales\".\"Orders\" WHERE \"Line \"\"No\"\"\" < ?");
    assertThat(ChunkCounts.countSql(PG, TABLE_PLAN, CHUNKS.get(2)))
        .isEqualTo("SELECT count(*) FROM \"sales\".\"Orders\" WHERE \"Line \"\"No\"\"\" >= ?");
  }

  @Test
  void shouldCountWholeRelationOfSingleReadPlan() {
    assertThat(
            ChunkCounts.countSql(
                PG, ChunkQueriesTest.singlePlan(new TableRef(null, "orders")), Chunk.whole()))
        .isEqualTo("SELECT count(*) FROM \"orders\"");
    assertThat(
            ChunkCounts.countSql(
                PG, ChunkQueriesTest.singlePlan(new QueryText("select id from t")), Chunk.whole()))
        .isEqualTo("SELECT count(*) FROM (select id from t) AS rivet_source");
  }

  @Test
  void shouldCountMySqlChunksWithBackticks() {
    assertThat(ChunkCounts.countSql(MYSQL, TABLE_PLAN, CHUNKS.get(1)))
        .isEqualTo(
            "SELECT count(*) FROM `sales`.`Orders` WHERE `Line \"No\"` >= ? AND `Line \"No\"` < ?");
  }

  @Test
  void shouldCountExactlyTheRowsOfEachChunkRange() throws SQLException {
    ExportPlan plan =
        ChunkQueriesTest.splitPlan(
            new TableRef(SCHEMA, TABLE), new SplitKey("id", KeyType.INTEGER));

    assertThat(count(plan, CHUNKS.get(0))).isEqualTo(99);
    assertThat(count(plan, CHUNKS.get(1))).isEqualTo(100);
    assertThat(count(plan, CHUNKS.get(2))).isEqualTo(51);
  }

  private static long count(ExportPlan plan, Chunk chunk) throws SQLException {
    try (Connection connection = TestPostgres.connect();
        PreparedStatement ps = connection.prepareStatement(ChunkCounts.countSql(PG, plan, chunk))) {
      ChunkCounts.bind(ps, plan, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
