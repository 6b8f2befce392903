package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.source.SourceKind;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportPlanTest {
  private static final ExportSpec EXPORT =
      new ExportSpec(
          "orders",
          new TableRef("s", "orders"),
          new FullMode(),
          ReadSettings.of(1000, 100, 4),
          ValuePolicies.of(InfinityPolicy.CLAMP),
          new OutputSettings(
              Format.PARQUET,
              Compression.NONE,
              Destination.parse("/tmp/out"),
              OutputSettings.DEFAULT_ROW_GROUP_BYTES,
              null),
          CheckSettings.DEFAULT);

  private static ExportPlan plan(int parallelism) {
    return plan(EXPORT, parallelism);
  }

  private static ExportPlan plan(ExportSpec export) {
    return plan(export, 1);
  }

  private static ExportPlan plan(ExportSpec export, int parallelism) {
    return new ExportPlan(
        "run-1",
        export,
        SourceKind.POSTGRESQL,
        List.of(new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false)),
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        parallelism,
        10,
        Instant.EPOCH,
        List.of());
  }

  @Test
  void shouldReadAPlanThatYieldsGentlyWithOneReader() {
    ExportSpec wide = EXPORT.withRead(ReadSettings.of(1000, 20_000, 4));
    ExportPlan yielding = plan(wide, 1).withTuning(1, List.of(), true);

    assertThat(yielding.yields()).isTrue();
    assertThat(yielding.readsGently()).isTrue();
    assertThat(yielding.fetchSize(1L << 30)).isEqualTo(ExportPlan.GOVERNED_FETCH_ROWS);
    assertThat(yielding.withAverageRowBytes(100).yields()).isTrue();
    assertThat(yielding.withTuning(1, List.of()).yields()).isTrue();
    assertThat(plan(wide, 4).yields()).isFalse();
    assertThat(plan(wide, 4).readsGently()).isFalse();
    assertThatThrownBy(() -> plan(wide, 4).withTuning(2, List.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yields to other sessions reads with parallelism 1, got 2");
  }

  @Test
  void shouldFetchAtMostTheGovernedFetchRowsInAGovernedRunOnly() {
    ExportSpec wide = EXPORT.withRead(ReadSettings.of(1000, 20_000, 4));
    assertThat(plan(wide).fetchSize(1L << 30)).isEqualTo(20_000);
    for (GovernorSettings governed :
        List.of(
            new GovernorSettings(0, 0, 5_000, 0, false),
            new GovernorSettings(0, 0, 0, 1_000_000, false),
            GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(1.3)))) {
      assertThat(plan(wide.withGovernor(governed)).fetchSize(1L << 30))
          .as(governed.toString())
          .isEqualTo(ExportPlan.GOVERNED_FETCH_ROWS);
    }
    // An absolute latency or replica-lag ceiling alone does not pace a healthy run.
    for (GovernorSettings brake :
        List.of(
            new GovernorSettings(500, 0, 0, 0, false),
            new GovernorSettings(0, 30_000, 0, 0, false))) {
      assertThat(plan(wide.withGovernor(brake)).fetchSize(1L << 30))
          .as(brake.toString())
          .isEqualTo(20_000);
    }
    // A smaller fetch_size stays as configured.
    assertThat(
            plan(EXPORT.withGovernor(new GovernorSettings(0, 0, 5_000, 0, false)))
                .fetchSize(1L << 30))
        .isEqualTo(100);
  }

  @Test
  void shouldKeepTheEffectiveParallelism() {
    assertThat(plan(2).parallelism()).isEqualTo(2);
  }

  @Test
  void shouldReadAMissingParallelismAsTheConfiguredOne() {
    // A plan stored before the field existed deserializes it as 0.
    assertThat(plan(0).parallelism()).isEqualTo(4);
  }

  @Test
  void shouldDefaultToTheConfiguredParallelismWithoutOne() {
    ExportPlan plan =
        new ExportPlan(
            "run-1",
            EXPORT,
            SourceKind.POSTGRESQL,
            List.of(new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false)),
            Strategy.SINGLE_READ,
            null,
            List.of(Chunk.whole()),
            10,
            Instant.EPOCH,
            List.of());

    assertThat(plan.parallelism()).isEqualTo(4);
  }

  @Test
  void shouldRejectParallelismAboveTheConfiguredOrBelowOne() {
    assertThatThrownBy(() -> plan(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plan parallelism must be between 1 and the export's parallelism 4, got 5");
    assertThatThrownBy(() -> plan(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
