package dev.rivet.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutShrinkTest {
  private static final Chunk CHUNK = new Chunk(1, "100", "200");

  private static final RivetException PG_TIMEOUT =
      SqlErrors.translate(
          new SQLException("ERROR: canceling statement due to statement timeout", "57014"),
          "export 'e' chunk 1");

  @Test
  void shouldTakeOnlyATransientStatementTimeoutForATimeout() {
    RivetException lost =
        SqlErrors.translate(new SQLException("connection lost", "08006"), "reading");
    RivetException cannotShrink =
        TimeoutShrink.cannotShrink(
            keyRangePlan(new SplitKey("id", KeyType.INTEGER)), CHUNK, "x", PG_TIMEOUT);

    assertThat(TimeoutShrink.isTimeout(PG_TIMEOUT)).isTrue();
    assertThat(TimeoutShrink.isTimeout(lost)).isFalse();
    assertThat(TimeoutShrink.isTimeout(cannotShrink))
        .as("the failure that ends shrinking carries the timeout only as its cause")
        .isFalse();
  }

  @Test
  void shouldHalveTheStatementsUpToTheFloor() {
    assertThat(TimeoutShrink.next(1)).isEqualTo(2);
    assertThat(TimeoutShrink.next(32)).isEqualTo(64);
    assertThat(TimeoutShrink.next(64)).isEqualTo(TimeoutShrink.MAX_PIECES);
  }

  @Test
  void shouldShrinkAKeyRangeChunkUntilOneKeyValueOrASixtyFourthEach() {
    ExportPlan plan = keyRangePlan(new SplitKey("id", KeyType.INTEGER));

    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 1, 1)).isEmpty();
    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 32, 32)).isEmpty();
    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 64, 64))
        .hasValue("it was already read as 64 statements, each over 1/64 of it");
    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 16, 9))
        .hasValue("it was already read as 9 statements of one key value each");
  }

  @Test
  void shouldShrinkABlockRangeChunkDownToOneBlockEach() {
    ExportPlan plan = plan(Strategy.BLOCK_RANGE, null, List.of(new Chunk(0, null, "100"), CHUNK));

    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 1, 1)).isEmpty();
    assertThat(TimeoutShrink.whyNotSmaller(plan, new Chunk(1, "100", null), 1, 1)).isEmpty();
    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 16, 16)).isEmpty();
    assertThat(TimeoutShrink.whyNotSmaller(plan, CHUNK, 16, 9))
        .hasValue("it was already read as 9 statements of one block each");
  }

  @Test
  void shouldNotShrinkTheNullKeyChunkACoalesceKeyOrASingleRead() {
    ExportPlan coalesce =
        keyRangePlan(new SplitKey("updated_at", KeyType.TIMESTAMP, List.of("created_at")));

    assertThat(
            TimeoutShrink.whyNotSmaller(
                keyRangePlan(new SplitKey("id", KeyType.INTEGER)), Chunk.ofNullKeys(2), 1, 1))
        .hasValueSatisfying(why -> assertThat(why).contains("key id is NULL"));
    assertThat(TimeoutShrink.whyNotSmaller(coalesce, new Chunk(0, null, "2025-01-01T00:00"), 1, 1))
        .hasValueSatisfying(why -> assertThat(why).contains("COALESCE"));
    assertThat(TimeoutShrink.whyNotSmaller(singleRead(), Chunk.whole(), 1, 1))
        .hasValueSatisfying(why -> assertThat(why).contains("read as one statement"));
  }

  @Test
  void shouldEndAChunkThatCannotShrinkAsAPermanentFailureWithTheTimeoutHint() {
    RivetException e = TimeoutShrink.cannotShrink(singleRead(), Chunk.whole(), "why", PG_TIMEOUT);

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.getMessage())
        .startsWith("export 'e' chunk 0 (-inf, +inf) of table public.t: the source cancelled")
        .contains("cannot be read in smaller statements: why")
        .contains("canceling statement due to statement timeout");
    assertThat(e.hint()).contains("statement_timeout").contains("chunk_rows");
    assertThat(e.getCause()).isSameAs(PG_TIMEOUT);
  }

  private static ExportPlan keyRangePlan(SplitKey key) {
    return plan(Strategy.KEY_RANGE, key, List.of(new Chunk(0, null, "100"), CHUNK));
  }

  private static ExportPlan singleRead() {
    return plan(Strategy.SINGLE_READ, null, List.of(Chunk.whole()));
  }

  private static ExportPlan plan(Strategy strategy, SplitKey key, List<Chunk> chunks) {
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
            "e",
            new TableRef("public", "t"),
            Format.PARQUET,
            Compression.ZSTD,
            Destination.parse("/tmp/out")),
        SourceKind.POSTGRESQL,
        List.of(new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false)),
        strategy,
        key,
        chunks,
        1,
        -1,
        Instant.EPOCH,
        List.of());
  }
}
