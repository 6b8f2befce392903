package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * What a run checks before it is published: the source's columns against the last accepted schema,
 * the column shape, and the data contract. A null drift setting (as in plans stored before it
 * existed) reads as its default.
 *
 * @param onSchemaDrift what a run does when the source's columns differ from the export's last
 *     accepted schema; null reads as {@link SchemaDriftPolicy#DEFAULT}
 * @param shapeDrift when a run's column shape is reported as drifted; null reads as {@link
 *     ShapeDriftSettings#DEFAULT}
 * @param quality the data contract checked before the run is published; null for none
 */
public record CheckSettings(
    SchemaDriftPolicy onSchemaDrift, ShapeDriftSettings shapeDrift, QualityContract quality)
    implements Serializable {

  /** The default drift checks and no data contract. */
  public static final CheckSettings DEFAULT = new CheckSettings(null, null, null);

  public CheckSettings {
    if (onSchemaDrift == null) {
      onSchemaDrift = SchemaDriftPolicy.DEFAULT;
    }
    if (shapeDrift == null) {
      shapeDrift = ShapeDriftSettings.DEFAULT;
    }
  }
}
