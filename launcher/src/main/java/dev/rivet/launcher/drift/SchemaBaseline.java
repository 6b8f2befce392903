package dev.rivet.launcher.drift;

import dev.rivet.state.RunStatus;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * The schema an export's next run is compared with: the newest one accepted explicitly, or recorded
 * by a run that succeeded. Schemas of runs that failed, were abandoned or are still running, and
 * rejected ones, do not count.
 */
public final class SchemaBaseline {
  private SchemaBaseline() {}

  public static Optional<SchemaRecord> of(StateStore store, String export) {
    return of(store, store.schemaHistory(export));
  }

  static Optional<SchemaRecord> of(StateStore store, List<SchemaRecord> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (counts(store, history.get(i))) {
        return Optional.of(history.get(i));
      }
    }
    return Optional.empty();
  }

  /** Whether the record is (or was, at its time) an accepted schema of its export. */
  static boolean counts(StateStore store, SchemaRecord record) {
    if (record.status() == SchemaStatus.ACCEPTED) {
      return true;
    }
    return record.status() == SchemaStatus.RECORDED
        && record.runId() != null
        && store.run(record.runId()).map(r -> r.status() == RunStatus.SUCCEEDED).orElse(false);
  }
}
