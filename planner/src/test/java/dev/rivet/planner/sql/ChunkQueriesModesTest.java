package dev.rivet.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.IncrementalMode;
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
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk SQL of the incremental, chunked and time_window modes: COALESCE keys and NULL chunks. */
class ChunkQueriesModesTest {
  private static final Dialect PG = new PostgresDialect();
  private static final Dialect MYSQL = new MySqlDialect();
  private static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
          new SourceColumn("Updated At", Types.TIMESTAMP, "timestamptz", 35, 6, true),
          new SourceColumn("created_at", Types.TIMESTAMP, "timestamptz", 35, 6, false));
  private static final SplitKey COALESCED =
      new SplitKey("Updated At", KeyType.TIMESTAMPTZ, List.of("created_at"));
  private static final Chunk CLOSED = new Chunk(0, "2026-03-07T05:00Z", "2026-03-10T04:00Z");
  private static final Chunk OPEN_BELOW = new Chunk(0, null, "2026-03-10T04:00Z");
  private static final Chunk NULLS = Chunk.ofNullKeys(1);

  private static ExportPlan plan(Dialect dialect, Relation relation, SplitKey key, Chunk chunk) {
    ExportSpec export =
        ExportSpec.withDefaults(
                "events", relation, Format.PARQUET, Compression.NONE, Destination.parse("/tmp/out"))
            .withMode(
                new IncrementalMode("Updated At", CursorType.TIMESTAMP, key.fallback(), null));
    return new ExportPlan(
        "run-1",
        export,
        dialect.kind(),
        COLUMNS,
        Strategy.KEY_RANGE,
        key,
        chunk.nullKeys() ? List.of(new Chunk(0, null, null), chunk) : List.of(chunk),
        -1,
        Instant.EPOCH,
        List.of());
  }

  @Test
  void shouldRenderACoalesceKeyExpressionWithEveryColumnQuoted() {
    assertThat(ChunkQueries.keyExpression(PG, COALESCED))
        .isEqualTo("COALESCE(\"Updated At\", \"created_at\")");
    assertThat(
            ChunkQueries.keyExpression(
                MYSQL, new SplitKey("u`pd", KeyType.TIMESTAMP, List.of("a", "b"))))
        .isEqualTo("COALESCE(`u``pd`, `a`, `b`)");
    assertThat(ChunkQueries.keyExpression(PG, new SplitKey("id", KeyType.INTEGER)))
        .isEqualTo("\"id\"");
  }

  @Test
  void shouldBoundAClosedChunkOnTheCoalesceExpressionAtBothEnds() {
    ExportPlan plan = plan(PG, new TableRef("app", "events"), COALESCED, CLOSED);

    assertThat(ChunkQueries.selectSql(PG, plan, CLOSED))
        .isEqualTo(
            "SELECT \"id\", \"Updated At\", \"created_at\" FROM \"app\".\"events\""
                + " WHERE COALESCE(\"Updated At\", \"created_at\") >= ?"
                + " AND COALESCE(\"Updated At\", \"created_at\") < ?")
        .doesNotContain("2026");
  }

  @Test
  void shouldRenderAFirstRunChunkOpenBelow() {
    ExportPlan plan = plan(PG, new TableRef("app", "events"), COALESCED, OPEN_BELOW);

    assertThat(ChunkQueries.selectSql(PG, plan, OPEN_BELOW))
        .endsWith(" WHERE COALESCE(\"Updated At\", \"created_at\") < ?");
  }

  @Test
  void shouldSelectRowsWithANullKeyInTheNullKeyChunk() {
    ExportPlan plan = plan(PG, new TableRef("app", "events"), COALESCED, NULLS);

    assertThat(ChunkQueries.selectSql(PG, plan, NULLS))
        .isEqualTo(
            "SELECT \"id\", \"Updated At\", \"created_at\" FROM \"app\".\"events\""
                + " WHERE COALESCE(\"Updated At\", \"created_at\") IS NULL");
  }

  @Test
  void shouldSelectNullKeysOfAPlainColumnOnMySql() {
    SplitKey key = new SplitKey("created_at", KeyType.TIMESTAMP);
    ExportPlan plan = plan(MYSQL, new TableRef("app", "events"), key, NULLS);

    assertThat(ChunkQueries.selectSql(MYSQL, plan, NULLS))
        .isEqualTo(
            "SELECT `id`, `Updated At`, `created_at` FROM `app`.`events`"
                + " WHERE `created_at` IS NULL");
  }

  @Test
  void shouldFilterAQueryExportOnItsDerivedTable() {
    ExportPlan plan = plan(PG, new QueryText("select * from events"), COALESCED, CLOSED);

    assertThat(ChunkQueries.selectSql(PG, plan, CLOSED))
        .isEqualTo(
            "SELECT * FROM (select * from events) AS rivet_source"
                + " WHERE COALESCE(\"Updated At\", \"created_at\") >= ?"
                + " AND COALESCE(\"Updated At\", \"created_at\") < ?");
  }

  @Test
  void shouldBindBothBoundsOfAClosedChunkInOrder() throws SQLException {
    ExportPlan plan = plan(PG, new TableRef("app", "events"), COALESCED, CLOSED);
    List<Object> bound = new ArrayList<>();

    ChunkQueries.bind(recording(bound), plan, CLOSED);

    assertThat(bound)
        .containsExactly(
            1,
            OffsetDateTime.parse("2026-03-07T05:00Z"),
            2,
            OffsetDateTime.parse("2026-03-10T04:00Z"));
  }

  @Test
  void shouldBindNothingForTheNullKeyChunk() throws SQLException {
    ExportPlan plan = plan(PG, new TableRef("app", "events"), COALESCED, NULLS);
    List<Object> bound = new ArrayList<>();

    ChunkQueries.bind(recording(bound), plan, NULLS);

    assertThat(bound).isEmpty();
  }

  @Test
  void shouldRenderAnEmptyWindowAsAChunkThatMatchesNoRow() {
    // An incremental run with nothing past the mark plans [mark, mark): a valid, empty read.
    Chunk empty = new Chunk(0, "500", "500");
    ExportSpec export =
        ExportSpec.withDefaults(
                "events",
                new TableRef(null, "events"),
                Format.CSV,
                Compression.NONE,
                Destination.parse("/tmp/out"))
            .withMode(new ChunkedMode("id", ChunkBy.RANGE, 0, 0, null));
    ExportPlan plan =
        new ExportPlan(
            "run-1",
            export,
            PG.kind(),
            COLUMNS,
            Strategy.KEY_RANGE,
            new SplitKey("id", KeyType.INTEGER),
            List.of(empty),
            -1,
            Instant.EPOCH,
            List.of());

    assertThat(ChunkQueries.selectSql(PG, plan, empty))
        .endsWith(" WHERE \"id\" >= ? AND \"id\" < ?");
  }

  /** A statement that records each setObject as (index, value). */
  private static PreparedStatement recording(List<Object> bound) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            ChunkQueriesModesTest.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().equals("setObject") && args.length == 2) {
                bound.add(args[0]);
                bound.add(args[1]);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
