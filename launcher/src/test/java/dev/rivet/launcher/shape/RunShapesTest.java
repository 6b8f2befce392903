package dev.rivet.launcher.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which earlier run a run's shape is compared with, from a real SQLite state store. */
class RunShapesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldCompareWithTheNewestEarlierSuccessfulRunThatWroteRows() {
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("s.db")))) {
      publish(store, "run-1", 0, 10, new ColumnProfile("note", 1, 100, 100));
      publish(store, "run-2", 1, 0, new ColumnProfile("note", 0, -1, -1));
      publish(store, "run-3", 2, 5, null);
      store.savePlan(TestPlans.keyRange("run-4", "orders", 1, T0.plusSeconds(3)));
      publish(store, "run-5", 4, 10, new ColumnProfile("note", 0, 300, 300));

      // run-2 wrote no rows, run-3 recorded no profile, run-4 never ran, run-5 is newer.
      assertThat(RunShapes.previous(store, store.run("run-5").orElseThrow()))
          .hasValueSatisfying(shape -> assertThat(shape.runId()).isEqualTo("run-1"));
      assertThat(RunShapes.previous(store, store.run("run-1").orElseThrow())).isEmpty();
      assertThat(RunShapes.recent(store, "orders", 5))
          .extracting(r -> r.run().runId())
          .containsExactly("run-5", "run-2", "run-1");
      assertThat(RunShapes.recent(store, "orders", 1))
          .extracting(r -> r.shape().columns())
          .containsExactly(List.of(new ColumnProfile("note", 0, 300, 300)));
    }
  }

  private static void publish(
      StateStore store, String runId, int second, long rows, ColumnProfile profile) {
    store.savePlan(TestPlans.keyRange(runId, "orders", 1, T0.plusSeconds(second)));
    store.runStarted(runId, "direct");
    store.chunkStarted(runId, 0);
    WrittenFile file =
        new WrittenFile(runId, 0, 0, "/out/" + runId, rows, 10, null, Map.of())
            .withProfile(profile == null ? List.of() : List.of(profile));
    store.chunkWritten(runId, 0, file);
    store.runPublished(runId, new RunTotals(rows, 1, 10));
  }
}
