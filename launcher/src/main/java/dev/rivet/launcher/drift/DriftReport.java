package dev.rivet.launcher.drift;

import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.schema.SchemaChange;
import java.util.List;
import java.util.Objects;

/**
 * What the schema check found for one run: the run's schema fingerprint, the accepted one it was
 * compared with, and every change between them.
 *
 * @param baselineFingerprint the accepted schema's fingerprint; null on an export's first run
 *     (nothing to compare with)
 */
public record DriftReport(
    String export,
    String runId,
    SchemaDriftPolicy policy,
    String fingerprint,
    String baselineFingerprint,
    List<SchemaChange> changes) {
  public DriftReport {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(fingerprint, "fingerprint");
    changes = List.copyOf(changes);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
