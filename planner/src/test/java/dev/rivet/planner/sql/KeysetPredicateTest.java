package dev.rivet.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
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

/** Golden SQL of keyset chunk predicates per dialect, and where their values are bound. */
class KeysetPredicateTest {
  private static final Dialect PG = new PostgresDialect();
  private static final Dialect MYSQL = new MySqlDialect();
  private static final SplitKey PAIR =
      SplitKey.keyset(
          List.of(new KeyPart("a", KeyType.INTEGER), new KeyPart("b \"x\"", KeyType.TEXT)));
  private static final SplitKey TRIPLE =
      SplitKey.keyset(
          List.of(
              new KeyPart("a", KeyType.INTEGER),
              new KeyPart("b", KeyType.TEXT),
              new KeyPart("c", KeyType.TIMESTAMP)));

  @Test
  void shouldCompareRowValuesOnPostgres() {
    assertThat(KeysetPredicate.of(PG, PAIR, true).sql())
        .isEqualTo("(\"a\", \"b \"\"x\"\"\") >= (?, ?)");
    assertThat(KeysetPredicate.of(PG, PAIR, false).sql())
        .isEqualTo("(\"a\", \"b \"\"x\"\"\") < (?, ?)");
    assertThat(KeysetPredicate.of(PG, PAIR, true).parts()).containsExactly(0, 1);
  }

  @Test
  void shouldWriteRowValueComparisonsOutOnMySqlWithALeadingRangeOnTheFirstColumn() {
    assertThat(KeysetPredicate.of(MYSQL, TRIPLE, true).sql())
        .isEqualTo("`a` >= ? AND (`a` > ? OR (`a` = ? AND (`b` > ? OR (`b` = ? AND `c` >= ?))))");
    assertThat(KeysetPredicate.of(MYSQL, TRIPLE, true).parts()).containsExactly(0, 0, 0, 1, 1, 2);
    assertThat(KeysetPredicate.of(MYSQL, TRIPLE, false).sql())
        .isEqualTo("`a` <= ? AND (`a` < ? OR (`a` = ? AND (`b` < ? OR (`b` = ? AND `c` < ?))))");
  }

  @Test
  void shouldCompareASingleColumnKeysetKeyPlainly() {
    SplitKey uuid = SplitKey.keyset(List.of(new KeyPart("id", KeyType.UUID)));

    assertThat(KeysetPredicate.of(PG, uuid, true).sql()).isEqualTo("\"id\" >= ?");
    assertThat(KeysetPredicate.of(MYSQL, uuid, false).sql()).isEqualTo("`id` < ?");
  }

  @Test
  void shouldRenderAMiddleKeysetChunkAndReadItThroughJdbcOnly() {
    String lower = new KeyTuple(List.of("1", "O'Brien")).encode();
    String upper = new KeyTuple(List.of("7", "z")).encode();
    ExportPlan plan = plan(List.of(new Chunk(0, null, lower), new Chunk(1, lower, upper)));

    assertThat(ChunkQueries.selectSql(PG, plan, plan.chunks().get(1)))
        .isEqualTo(
            "SELECT \"a\", \"b \"\"x\"\"\" FROM \"s\".\"t\" WHERE (\"a\", \"b \"\"x\"\"\") >= (?, ?)"
                + " AND (\"a\", \"b \"\"x\"\"\") < (?, ?)");
    assertThat(ChunkQueries.selectSql(PG, plan, plan.chunks().get(0)))
        .isEqualTo(
            "SELECT \"a\", \"b \"\"x\"\"\" FROM \"s\".\"t\" WHERE (\"a\", \"b \"\"x\"\"\") < (?, ?)");
    assertThat(ChunkQueries.literalsPossible(plan, plan.chunks().get(1))).isFalse();
    assertThat(ChunkQueries.literalsPossible(plan, Chunk.whole())).isTrue();
  }

  @Test
  void shouldBindEachPartAsItsOwnJdbcType() {
    assertThat(KeysetPredicate.value(new KeyPart("a", KeyType.INTEGER), "-7")).isEqualTo(-7L);
    assertThat(KeysetPredicate.value(new KeyPart("b", KeyType.TEXT), "a  ")).isEqualTo("a  ");
    assertThat(
            KeysetPredicate.value(
                new KeyPart("u", KeyType.UUID), "0cc175b9-c0f1-b6a8-31c3-99e269772661"))
        .isEqualTo(java.util.UUID.fromString("0cc175b9-c0f1-b6a8-31c3-99e269772661"));
  }

  private static ExportPlan plan(List<Chunk> chunks) {
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
            "t", new TableRef("s", "t"), Format.CSV, Compression.NONE, Destination.parse("/tmp/o")),
        PG.kind(),
        List.of(
            new SourceColumn("a", Types.INTEGER, "int4", 10, 0, false),
            new SourceColumn("b \"x\"", Types.VARCHAR, "text", 0, 0, false)),
        Strategy.KEY_RANGE,
        PAIR,
        chunks,
        100,
        Instant.EPOCH,
        List.of());
  }
}
