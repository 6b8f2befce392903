package dev.rivet.planner.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code parallelism: auto}: the fewest of the profile's ceiling, 2 × cores, chunks, free - 1. */
class AutoParallelismTest {
  private static final ConnectionLimit ROOMY = new ConnectionLimit("max_connections", 100, 10);

  private static FreeConnections free(ConnectionLimit... limits) {
    return FreeConnections.of(List.of(limits));
  }

  private static List<String> notes(Parallelism p) {
    return p.notes().stream().map(PlanNote::render).toList();
  }

  @Test
  void shouldTakeTheProfilesCeilingWhenEverythingElseAllowsMore() {
    Parallelism p = Parallelism.chooseAuto(4, 48, free(ROOMY), 8);

    assertThat(p.value()).isEqualTo(4);
    assertThat(notes(p))
        .containsExactly(
            "parallelism 4 (auto, the fewest of: the profile allows up to 4; 8 cores read up to"
                + " 16; 48 chunks; the source has 90 free connections, keeping 1 spare:"
                + " max_connections allows 100 and 10 are open)");
  }

  @Test
  void shouldTakeTwiceTheCores() {
    assertThat(Parallelism.chooseAuto(16, 48, free(ROOMY), 2).value()).isEqualTo(4);
    assertThat(Parallelism.chooseAuto(16, 48, free(ROOMY), 1).value()).isEqualTo(2);
  }

  @Test
  void shouldTakeTheChunkCount() {
    assertThat(Parallelism.chooseAuto(16, 3, free(ROOMY), 8).value()).isEqualTo(3);
    assertThat(Parallelism.chooseAuto(16, 1, free(ROOMY), 8).value()).isEqualTo(1);
  }

  @Test
  void shouldKeepOneFreeConnectionSpare() {
    ConnectionLimit role = new ConnectionLimit("the connection limit of role rivet", 4, 1);

    Parallelism p = Parallelism.chooseAuto(16, 48, free(ROOMY, role), 8);

    assertThat(p.value()).isEqualTo(2);
    assertThat(notes(p).get(0))
        .contains("the source has 3 free connections, keeping 1 spare")
        .startsWith("parallelism 2 (auto, ");
  }

  @Test
  void shouldNeverGoBelowOneAndWarnWithoutAFreeConnection() {
    ConnectionLimit full = new ConnectionLimit("max_connections", 10, 10);

    Parallelism p = Parallelism.chooseAuto(16, 48, free(full), 8);

    assertThat(p.value()).isEqualTo(1);
    assertThat(p.notes().get(1).code()).isEqualTo(NoteCode.NO_FREE_CONNECTION);
  }

  @Test
  void shouldSayWhenFreeConnectionsAreUnknown() {
    Parallelism p =
        Parallelism.chooseAuto(4, 48, FreeConnections.unknown("no privilege to read them"), 8);

    assertThat(p.value()).isEqualTo(4);
    assertThat(notes(p).get(0))
        .contains("free connections unknown, so not capped by them: no privilege to read them");
  }

  @Test
  void shouldNeverExceedTheSafeProfilesOne() {
    assertThat(Parallelism.chooseAuto(1, 48, free(ROOMY), 64).value()).isEqualTo(1);
  }

  @Test
  void shouldRejectNonsense() {
    assertThatThrownBy(() -> Parallelism.chooseAuto(0, 1, free(ROOMY), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
