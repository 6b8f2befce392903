package dev.rivet.state;

import java.util.Objects;

/**
 * What bringing a state store to this build's schema did.
 *
 * @param from the schema version found, or null when the store was created
 * @param to the schema version it is at now
 */
public record SchemaUpgrade(String from, String to) {
  public SchemaUpgrade {
    Objects.requireNonNull(to, "to");
  }

  public boolean created() {
    return from == null;
  }

  /** Whether a migration ran: the store was created or was at an older version. */
  public boolean migrated() {
    return !to.equals(from);
  }
}
