package dev.rivet.planner.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class YieldingTest {
  private final AtomicInteger asked = new AtomicInteger();

  private Supplier<SessionActivity> seen(SessionActivity activity) {
    return () -> {
      asked.incrementAndGet();
      return activity;
    };
  }

  @Test
  void shouldYieldFromTheThresholdOnAndSayHowMany() {
    Yielding at = Yielding.choose(2, 1_000_000, seen(SessionActivity.seen(2)));
    Yielding above = Yielding.choose(2, -1, seen(SessionActivity.ownOnly(9)));

    assertThat(at.yields()).isTrue();
    assertThat(above.yields()).as("an unknown estimate is checked too").isTrue();
    assertThat(at.notes()).singleElement().extracting(PlanNote::code).isEqualTo(NoteCode.YIELDING);
    assertThat(above.notes().get(0).render())
        .startsWith(
            "yielding to other sessions: 9 other session(s) were active on the source in the"
                + " second before planning (tuning.yield_to_sessions 2)")
        .contains("at most 1,000 rows per fetch");
  }

  @Test
  void shouldReadAtFullSpeedBelowTheThresholdAndSayWhatItSaw() {
    Yielding below = Yielding.choose(3, 1_000_000, seen(SessionActivity.seen(2)));
    Yielding hidden = Yielding.choose(2, 1_000_000, seen(SessionActivity.ownOnly(1)));
    Yielding unknown =
        Yielding.choose(2, 1_000_000, seen(SessionActivity.unknown("not measured on this source")));

    assertThat(below.yields()).isFalse();
    assertThat(hidden.yields()).isFalse();
    assertThat(unknown.yields()).isFalse();
    assertThat(below.notes())
        .extracting(PlanNote::render)
        .containsExactly(
            "not yielding: 2 other session(s) active in the second before planning"
                + " (tuning.yield_to_sessions 3)");
    assertThat(hidden.notes())
        .singleElement()
        .extracting(PlanNote::code)
        .isEqualTo(NoteCode.YIELD_UNSEEN);
    assertThat(hidden.notes().get(0).render())
        .isEqualTo(
            "not yielding: 1 other session(s) seen active in the second before planning"
                + " (tuning.yield_to_sessions 2), but the export's user sees the state of its own"
                + " sessions only, so other users' sessions were not counted; grant it"
                + " pg_read_all_stats (or pg_monitor) so that they count");
    assertThat(unknown.notes().get(0).render())
        .isEqualTo(
            "not yielding: other sessions not counted (tuning.yield_to_sessions 2); not measured"
                + " on this source");
  }

  @Test
  void shouldNotLookAtTheSourceWhenOffOrForASmallTable() {
    SessionActivity busy = SessionActivity.seen(50);

    assertThat(Yielding.choose(0, 1_000_000, seen(busy))).isEqualTo(Yielding.NO);
    assertThat(Yielding.choose(2, Yielding.MIN_ROWS - 1, seen(busy))).isEqualTo(Yielding.NO);
    assertThat(asked).hasValue(0);
    assertThat(Yielding.choose(2, Yielding.MIN_ROWS, seen(busy)).yields()).isTrue();
    assertThat(asked).hasValue(1);
  }
}
