package dev.rivet.state.dump;

import java.time.Instant;
import java.util.Objects;

/**
 * What a dump says about itself before its rows.
 *
 * @param schemaVersion the version of the dump's format ({@link #SCHEMA_VERSION} when written by
 *     this build); a reader refuses a newer one
 * @param storeKind the kind of store it was exported from ({@code sqlite}, {@code postgresql}); for
 *     people, a dump loads into either
 * @param storeSchemaVersion that store's schema version, e.g. {@code 8}; for people
 * @param exportedAt when it was exported
 */
public record DumpHeader(
    int schemaVersion, String storeKind, String storeSchemaVersion, Instant exportedAt) {
  /** The version of the dump format this build writes and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /** The value of a dump's {@code format} field, naming what the document is. */
  public static final String FORMAT = "rivet-state";

  public DumpHeader {
    Objects.requireNonNull(storeKind, "storeKind");
    Objects.requireNonNull(storeSchemaVersion, "storeSchemaVersion");
    Objects.requireNonNull(exportedAt, "exportedAt");
  }
}
