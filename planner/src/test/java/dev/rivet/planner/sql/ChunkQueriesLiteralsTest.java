package dev.rivet.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk SQL with its boundaries as typed literals, for statements that take no parameters. */
class ChunkQueriesLiteralsTest {
  private static final Dialect PG = new PostgresDialect();
  private static final String COLUMNS =
      "SELECT \"id\", \"Customer Name\", \"say \"\"hi\"\"\" FROM \"sales\".\"Orders\"";

  private static ExportPlan plan(String column, KeyType type) {
    return ChunkQueriesTest.splitPlan(
        new TableRef("sales", "Orders"), new SplitKey(column, type, List.of()));
  }

  @Test
  void shouldRenderIntegerBoundsAsNumbers() {
    assertThat(
            ChunkQueries.selectSqlWithLiterals(
                PG, plan("id", KeyType.INTEGER), new Chunk(1, "-100", "9223372036854775807")))
        .isEqualTo(COLUMNS + " WHERE \"id\" >= -100 AND \"id\" < 9223372036854775807");
  }

  @Test
  void shouldRenderOneOpenSideAndNoBoundsLikeTheParameterisedSql() {
    ExportPlan plan = plan("id", KeyType.INTEGER);

    assertThat(ChunkQueries.selectSqlWithLiterals(PG, plan, new Chunk(0, null, "100")))
        .isEqualTo(COLUMNS + " WHERE \"id\" < 100");
    assertThat(ChunkQueries.selectSqlWithLiterals(PG, plan, Chunk.ofNullKeys(3)))
        .isEqualTo(ChunkQueries.selectSql(PG, plan, Chunk.ofNullKeys(3)));
  }

  @Test
  void shouldRenderDatesAndTimestampsAsTypedLiteralsOfTheParsedValue() {
    assertThat(
            ChunkQueries.selectSqlWithLiterals(
                PG, plan("d", KeyType.DATE), new Chunk(1, "2024-01-31", "2024-02-29")))
        .isEqualTo(COLUMNS + " WHERE \"d\" >= DATE '2024-01-31' AND \"d\" < DATE '2024-02-29'");
    assertThat(
            ChunkQueries.selectSqlWithLiterals(
                PG,
                plan("t", KeyType.TIMESTAMP),
                new Chunk(1, "2024-01-31T10:15:00.000001", "2024-02-01T00:00")))
        .isEqualTo(
            COLUMNS
                + " WHERE \"t\" >= TIMESTAMP '2024-01-31T10:15:00.000001'"
                + " AND \"t\" < TIMESTAMP '2024-02-01T00:00'");
    assertThat(
            ChunkQueries.selectSqlWithLiterals(
                PG, plan("z", KeyType.TIMESTAMPTZ), new Chunk(1, "1969-12-31T23:59Z", null)))
        .isEqualTo(COLUMNS + " WHERE \"z\" >= TIMESTAMP WITH TIME ZONE '1969-12-31T23:59Z'");
  }

  @Test
  void shouldRefuseBoundsOutsideTheYearsSqlLiteralsShare() {
    ExportPlan plan = plan("d", KeyType.DATE);
    Chunk far = new Chunk(1, "2024-01-31", "+10000-01-01");

    assertThat(ChunkQueries.literalsPossible(plan, far)).isFalse();
    assertThat(ChunkQueries.literalsPossible(plan, new Chunk(1, "0001-01-01", "9999-12-31")))
        .isTrue();
    assertThatThrownBy(() -> ChunkQueries.selectSqlWithLiterals(PG, plan, far))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNeverCopyBoundaryTextIntoTheSql() {
    ExportPlan plan = plan("id", KeyType.INTEGER);

    assertThatThrownBy(
            () ->
                ChunkQueries.selectSqlWithLiterals(PG, plan, new Chunk(1, "1; DROP TABLE x", "2")))
        .isInstanceOf(NumberFormatException.class);
  }
}
