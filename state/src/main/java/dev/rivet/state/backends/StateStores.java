package dev.rivet.state.backends;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.postgres.PostgresStateStore;
import dev.rivet.state.sqlite.SqliteStateStore;

/**
 * Opens the state store a {@link StateLocation} names, creating and migrating it on first use: a
 * SQLite file ({@code jdbc:sqlite:}) or a PostgreSQL database ({@code jdbc:postgresql:}).
 */
public final class StateStores {
  private StateStores() {}

  /**
   * Opens the store at {@code location}; the caller closes it.
   *
   * @throws RivetException of kind {@code STATE} when the store cannot be opened, is damaged (a
   *     SQLite file that is empty, truncated, not a SQLite database or fails its integrity check; a
   *     schema missing a table), or its schema is newer than this build knows; nothing is written
   *     to a damaged store
   */
  public static StateStore open(StateLocation location) {
    if (location.isSqlite()) {
      return SqliteStateStore.open(location);
    }
    if (location.isPostgres()) {
      return PostgresStateStore.open(location);
    }
    throw unsupported(location);
  }

  /**
   * As {@link #open}, for a store this process has opened with {@link #open} already, e.g. by a
   * pipeline worker of the run the launcher started: a SQLite file's pages are not read through
   * again (its integrity check costs time in proportion to its size); everything else is checked as
   * {@link #open} checks it.
   */
  public static StateStore reopen(StateLocation location) {
    if (location.isSqlite()) {
      return SqliteStateStore.reopen(location);
    }
    return open(location);
  }

  /**
   * Creates the store at {@code location} or brings its schema to this build's version, as opening
   * it would, and says what was done.
   *
   * @throws RivetException as {@link #open} does
   */
  public static SchemaUpgrade migrate(StateLocation location) {
    if (location.isSqlite()) {
      return SqliteStateStore.migrate(location);
    }
    if (location.isPostgres()) {
      return PostgresStateStore.migrate(location);
    }
    throw unsupported(location);
  }

  private static RivetException unsupported(StateLocation location) {
    return new RivetException(
        FailureKind.USER_CONFIG,
        "unsupported state store " + location.redacted(),
        "use a SQLite state file (jdbc:sqlite:/path/to/state.db) or a PostgreSQL database"
            + " (jdbc:postgresql://host:5432/database)");
  }
}
