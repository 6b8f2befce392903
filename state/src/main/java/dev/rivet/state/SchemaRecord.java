package dev.rivet.state;

import dev.rivet.kernel.schema.ExportSchema;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored schema of an export.
 *
 * @param version counts up from 1 per export, in the order the schemas were recorded
 * @param runId the run that found it: planned under it, or refused because of it; for an accepted
 *     schema, the run whose schema was accepted; null when none is known
 */
public record SchemaRecord(
    String export,
    long version,
    String runId,
    SchemaStatus status,
    ExportSchema schema,
    Instant recordedAt) {
  public SchemaRecord {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (version < 1) {
      throw new IllegalArgumentException("schema versions start at 1, got " + version);
    }
  }

  public String fingerprint() {
    return schema.fingerprint();
  }
}
