package dev.rivet.launcher.drift;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.kernel.schema.SchemaClassifier;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An export's schema history for {@code rivet state schema}: each recorded schema with the changes
 * it brought relative to the schema accepted before it, and explicit acceptance of the newest one.
 */
public final class SchemaHistory {
  private SchemaHistory() {}

  /**
   * One version of the history.
   *
   * @param inForce whether it is the schema the export's next run is compared with
   * @param counts whether it is, or was, an accepted schema (accepted, or its run succeeded)
   * @param changes relative to the accepted schema before it; empty for the first
   */
  public record Entry(
      SchemaRecord record, boolean inForce, boolean counts, List<SchemaChange> changes) {}

  public static List<Entry> of(StateStore store, String export) {
    List<SchemaRecord> history = store.schemaHistory(export);
    Optional<SchemaRecord> inForce = SchemaBaseline.of(store, history);
    List<Entry> entries = new ArrayList<>();
    SchemaRecord accepted = null;
    for (SchemaRecord record : history) {
      List<SchemaChange> changes =
          accepted == null
              ? List.of()
              : SchemaClassifier.compare(accepted.schema(), record.schema());
      boolean counts = SchemaBaseline.counts(store, record);
      entries.add(
          new Entry(
              record,
              inForce.map(r -> r.version() == record.version()).orElse(false),
              counts,
              changes));
      if (counts) {
        accepted = record;
      }
    }
    return entries;
  }

  /**
   * Accepts the export's newest recorded schema, so that runs compare with it from now on.
   *
   * @return the accepted record, or empty when the newest schema was already the one in force
   * @throws RivetException of kind {@code USER_CONFIG} when no schema of the export is recorded
   */
  public static Optional<SchemaRecord> acceptNewest(StateStore store, String export) {
    List<SchemaRecord> history = store.schemaHistory(export);
    if (history.isEmpty()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '" + export + "' has no recorded schema; nothing to accept",
          "run the export: every run compares and records its schema (rivet run -c <config>"
              + " --export "
              + export
              + ")");
    }
    SchemaRecord newest = history.get(history.size() - 1);
    Optional<SchemaRecord> inForce = SchemaBaseline.of(store, history);
    if (inForce.isPresent() && inForce.get().fingerprint().equals(newest.fingerprint())) {
      return Optional.empty();
    }
    return Optional.of(
        store.recordSchema(export, newest.runId(), SchemaStatus.ACCEPTED, newest.schema()));
  }
}
