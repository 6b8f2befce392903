package dev.rivet.planner.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.PlanNote;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelismTest {
  private static final ConnectionLimit ROOMY = new ConnectionLimit("max_connections", 100, 10);

  private static FreeConnections free(ConnectionLimit... limits) {
    return FreeConnections.of(List.of(limits));
  }

  @Test
  void shouldKeepConfiguredValueWhenChunksAndConnectionsAllowIt() {
    Parallelism p = Parallelism.choose(4, 10, free(ROOMY));

    assertThat(p.value()).isEqualTo(4);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly("parallelism 4 (as configured)");
  }

  @Test
  void shouldCapAtOneChunk() {
    assertThat(
            Parallelism.choose(4, 1, free(ROOMY)).notes().stream().map(PlanNote::render).toList())
        .containsExactly("parallelism 1 (configured 4; only 1 chunk)");
  }

  @Test
  void shouldCapAtChunkCount() {
    Parallelism p = Parallelism.choose(8, 3, free(ROOMY));

    assertThat(p.value()).isEqualTo(3);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly("parallelism 3 (configured 8; only 3 chunks)");
  }

  @Test
  void shouldKeepOneConnectionSpareWhenFreeConnectionsCap() {
    ConnectionLimit role = new ConnectionLimit("the connection limit of role rivet", 3, 0);

    Parallelism p = Parallelism.choose(4, 10, free(ROOMY, role));

    assertThat(p.value()).isEqualTo(2);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly(
            "parallelism 2 (configured 4; the source has 3 free connections, keeping 1 spare:"
                + " the connection limit of role rivet allows 3 and 0 are open)");
  }

  @Test
  void shouldUseTheTightestLimit() {
    ConnectionLimit role = new ConnectionLimit("role", 10, 4);
    ConnectionLimit database = new ConnectionLimit("database", 20, 16);

    Parallelism p = Parallelism.choose(8, 10, free(ROOMY, role, database));

    assertThat(p.value()).isEqualTo(3);
    assertThat(p.notes().stream().map(PlanNote::render).toList().get(0))
        .endsWith("keeping 1 spare: database allows 20 and 16 are open)");
  }

  @Test
  void shouldNameChunksWhenChunksAndConnectionsCapAlike() {
    // 3 free connections less 1 spare = 2 = the chunk count.
    Parallelism p = Parallelism.choose(4, 2, free(new ConnectionLimit("max_connections", 5, 2)));

    assertThat(p.value()).isEqualTo(2);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly("parallelism 2 (configured 4; only 2 chunks)");
  }

  @Test
  void shouldUseTheLastFreeConnectionWithoutSpare() {
    Parallelism p = Parallelism.choose(4, 10, free(new ConnectionLimit("max_connections", 5, 4)));

    assertThat(p.value()).isEqualTo(1);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly(
            "parallelism 1 (configured 4; the source has 1 free connection, so none is kept spare:"
                + " max_connections allows 5 and 4 are open)");
  }

  @Test
  void shouldNeverGoBelowOneAndWarnWhenNoConnectionIsFree() {
    Parallelism p = Parallelism.choose(4, 10, free(new ConnectionLimit("max_connections", 5, 7)));

    assertThat(p.value()).isEqualTo(1);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly(
            "parallelism 1 (configured 4; the source has no free connection:"
                + " max_connections allows 5 and 7 are open)",
            "warning: the source had no free connection at plan time (max_connections allows 5"
                + " and 7 are open): chunk reads may fail with too many connections until other"
                + " clients disconnect");
  }

  @Test
  void shouldWarnWhenNoConnectionIsFreeEvenAtConfiguredOne() {
    Parallelism p = Parallelism.choose(1, 10, free(new ConnectionLimit("max_connections", 5, 5)));

    assertThat(p.value()).isEqualTo(1);
    assertThat(p.notes().stream().map(PlanNote::render).toList()).hasSize(2);
    assertThat(p.notes().stream().map(PlanNote::render).toList().get(0))
        .isEqualTo("parallelism 1 (as configured)");
    assertThat(p.notes().stream().map(PlanNote::render).toList().get(1))
        .startsWith("warning: the source had no free connection");
  }

  @Test
  void shouldUseConfiguredValueAndSayWhyWhenLimitsAreUnknown() {
    Parallelism p =
        Parallelism.choose(4, 10, FreeConnections.unknown("permission denied [SQLSTATE 42501]"));

    assertThat(p.value()).isEqualTo(4);
    assertThat(p.notes().stream().map(PlanNote::render).toList())
        .containsExactly(
            "parallelism 4 (as configured; free connections unknown, so not capped by them:"
                + " permission denied [SQLSTATE 42501])");
  }

  @Test
  void shouldStillCapAtChunksWhenLimitsAreUnknown() {
    Parallelism p = Parallelism.choose(4, 2, FreeConnections.unknown("no privilege"));

    assertThat(p.value()).isEqualTo(2);
    assertThat(p.notes().stream().map(PlanNote::render).toList().get(0))
        .isEqualTo(
            "parallelism 2 (configured 4; only 2 chunks; free connections unknown, so not capped"
                + " by them: no privilege)");
  }

  @Test
  void shouldRejectFreeConnectionsWithNeitherLimitsNorReason() {
    assertThatThrownBy(() -> FreeConnections.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportNoNegativeFreeConnections() {
    assertThat(new ConnectionLimit("x", 3, 5).free()).isZero();
    assertThat(new ConnectionLimit("x", 3, 1).describe()).isEqualTo("x allows 3 and 1 is open");
  }
}
