package dev.rivet.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.mysql.MySqlDialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkQueriesTest {
  private static final Dialect PG = new PostgresDialect();
  private static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
          new SourceColumn("Customer Name", Types.VARCHAR, "text", 0, 0, true),
          new SourceColumn("say \"hi\"", Types.INTEGER, "int4", 10, 0, true));
  private static final List<Chunk> CHUNKS =
      List.of(new Chunk(0, null, "100"), new Chunk(1, "100", "200"), new Chunk(2, "200", null));

  static ExportPlan splitPlan(Relation relation, SplitKey key) {
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
            "orders", relation, Format.PARQUET, Compression.NONE, Destination.parse("/tmp/out")),
        PG.kind(),
        COLUMNS,
        Strategy.KEY_RANGE,
        key,
        CHUNKS,
        300,
        Instant.EPOCH,
        List.of());
  }

  static ExportPlan singlePlan(Relation relation) {
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
            "orders", relation, Format.CSV, Compression.NONE, Destination.parse("/tmp/out")),
        PG.kind(),
        COLUMNS,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        Instant.EPOCH,
        List.of());
  }

  static ExportPlan blockPlan(Relation relation, List<Chunk> chunks) {
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
            "orders", relation, Format.CSV, Compression.NONE, Destination.parse("/tmp/out")),
        PG.kind(),
        COLUMNS,
        Strategy.BLOCK_RANGE,
        null,
        chunks,
        300,
        Instant.EPOCH,
        List.of());
  }

  @Test
  void shouldRenderBlockRangesAsCtidConditionsWithLiteralsOnEveryPath() {
    ExportPlan plan = blockPlan(new TableRef("sales", "Orders"), CHUNKS);
    String select =
        "SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"sales\".\"Orders\"";

    assertThat(ChunkQueries.selectSql(PG, plan, CHUNKS.get(0)))
        .isEqualTo(select + " WHERE ctid < '(100,0)'::tid");
    assertThat(ChunkQueries.selectSql(PG, plan, CHUNKS.get(1)))
        .isEqualTo(select + " WHERE ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid");
    assertThat(ChunkQueries.selectSql(PG, plan, CHUNKS.get(2)))
        .isEqualTo(select + " WHERE ctid >= '(200,0)'::tid");
    assertThat(ChunkQueries.selectSqlWithLiterals(PG, plan, CHUNKS.get(1)))
        .isEqualTo(ChunkQueries.selectSql(PG, plan, CHUNKS.get(1)));
    assertThat(ChunkQueries.literalsPossible(plan, CHUNKS.get(1))).isTrue();
  }

  @Test
  void shouldRefuseABlockRangePlanWhoseBoundIsNotABlockNumber() {
    assertThatThrownBy(
            () ->
                blockPlan(
                    new TableRef("sales", "Orders"),
                    List.of(new Chunk(0, null, "1'; DROP TABLE x"), new Chunk(1, "1", null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a block number");
  }

  @Test
  void shouldRefuseBlockRangesOnMySql() {
    ExportPlan plan = blockPlan(new TableRef("sales", "Orders"), CHUNKS);

    assertThatThrownBy(() -> ChunkQueries.selectSql(new MySqlDialect(), plan, CHUNKS.get(1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static final ExportPlan TABLE_PLAN =
      splitPlan(new TableRef("sales", "Orders"), new SplitKey("id", KeyType.INTEGER));

  @Test
  void shouldRenderFirstChunkOpenBelow() {
    assertThat(ChunkQueries.selectSql(PG, TABLE_PLAN, CHUNKS.get(0)))
        .isEqualTo(
            "SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"sales\".\"Orders\""
                + " WHERE \"id\" < ?");
  }

  @Test
  void shouldRenderMiddleChunkWithBothBoundsAsParameters() {
    assertThat(ChunkQueries.selectSql(PG, TABLE_PLAN, CHUNKS.get(1)))
        .isEqualTo(
            "SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"sales\".\"Orders\""
                + " WHERE \"id\" >= ? AND \"id\" < ?")
        .doesNotContain("100")
        .doesNotContain("200");
  }

  @Test
  void shouldRenderLastChunkOpenAbove() {
    assertThat(ChunkQueries.selectSql(PG, TABLE_PLAN, CHUNKS.get(2)))
        .isEqualTo(
            "SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"sales\".\"Orders\""
                + " WHERE \"id\" >= ?");
  }

  @Test
  void shouldRenderWholeChunkWithoutWhere() {
    ExportPlan plan = singlePlan(new TableRef(null, "orders"));

    assertThat(ChunkQueries.selectSql(PG, plan, Chunk.whole()))
        .isEqualTo("SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"orders\"");
  }

  @Test
  void shouldQuoteMixedCaseKeyAndTableNamesWithEmbeddedQuotes() {
    ExportPlan plan =
        splitPlan(
            new TableRef("My \"Schema\"", "Order\"Lines"),
            new SplitKey("Line \"No\"", KeyType.DATE));

    assertThat(ChunkQueries.selectSql(PG, plan, CHUNKS.get(1)))
        .endsWith(
            " FROM \"My \"\"Schema\"\"\".\"Order\"\"Lines\""
                + " WHERE \"Line \"\"No\"\"\" >= ? AND \"Line \"\"No\"\"\" < ?");
  }

  @Test
  void shouldReadQueryAsDerivedTableSelectingStar() {
    ExportPlan plan = singlePlan(new QueryText("select id, id from orders where total > 5;"));

    assertThat(ChunkQueries.selectSql(PG, plan, Chunk.whole()))
        .isEqualTo("SELECT * FROM (select id, id from orders where total > 5) AS rivet_source");
  }

  @Test
  void shouldRenderFromForTablesAndQueries() {
    assertThat(ChunkQueries.from(PG, new TableRef(null, "a\"b"))).isEqualTo("\"a\"\"b\"");
    assertThat(ChunkQueries.from(PG, new QueryText("select 1")))
        .isEqualTo("(select 1) AS rivet_source");
  }

  @Test
  void shouldRenderMySqlChunksWithBackticksAndSpatialColumnsAsWkb() {
    Dialect mysql = new MySqlDialect();
    ExportPlan plan =
        new ExportPlan(
            "run-1",
            ExportSpec.withDefaults(
                "shapes",
                new TableRef("gis", "Map`s"),
                Format.PARQUET,
                Compression.NONE,
                Destination.parse("/o")),
            mysql.kind(),
            List.of(
                new SourceColumn("id", Types.BIGINT, "BIGINT UNSIGNED", 20, 0, false),
                new SourceColumn("shape", Types.BINARY, "GEOMETRY", 0, 0, true)),
            Strategy.KEY_RANGE,
            new SplitKey("id", KeyType.INTEGER),
            CHUNKS,
            300,
            Instant.EPOCH,
            List.of());

    assertThat(ChunkQueries.selectSql(mysql, plan, CHUNKS.get(1)))
        .isEqualTo("SELECT `id`, `shape` FROM `gis`.`Map``s`" + " WHERE `id` >= ? AND `id` < ?");
  }
}
