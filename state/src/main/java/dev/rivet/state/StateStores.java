package dev.rivet.state;

import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.state.sqlite.SqliteStateStore;

/** Opens the state store a {@link StateLocation} names, creating and migrating it when needed. */
public final class StateStores {
  private StateStores() {}

  /**
   * Opens the store at {@code location}; the caller closes it.
   *
   * @throws RivetException of kind {@code STATE} when the store cannot be opened or its schema is
   *     newer than this build knows
   */
  public static StateStore open(StateLocation location) {
    if (location.isSqlite()) {
      return SqliteStateStore.open(location);
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        "unsupported state store " + location.redacted(),
        "use a SQLite state file (jdbc:sqlite:/path/to/state.db, or --state <file>)");
  }
}
