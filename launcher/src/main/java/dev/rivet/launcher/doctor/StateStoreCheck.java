package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the state store as a run does, which creates it when missing and migrates it to this
 * build's schema (a schema newer than this build is a failure), then reports its schema version.
 */
final class StateStoreCheck {
  static final String NAME = "state store";

  private static final String PREFIX = "jdbc:sqlite:";

  private StateStoreCheck() {}

  static CheckResult run(String stateUrl) {
    StateLocation location = new StateLocation(stateUrl);
    boolean existed = file(stateUrl).map(Files::exists).orElse(true);
    String version;
    try (StateStore store = StateStores.open(location)) {
      version = "schema version " + store.schemaVersion();
    } catch (RivetException e) {
      // A damaged or foreign file is refused with what to do about it (SqliteDamage).
      return CheckResult.fail(NAME, e);
    } catch (Exception e) {
      return CheckResult.fail(
          NAME,
          FailureKind.STATE,
          "state store " + location.redacted() + ": " + e.getMessage(),
          "check that the state store is reachable and writable");
    }
    String where = file(stateUrl).map(Path::toString).orElse(location.redacted());
    return CheckResult.pass(
        NAME, (existed ? where + ": " : "created " + where + ": ") + version + ", current");
  }

  private static Optional<Path> file(String stateUrl) {
    if (!stateUrl.startsWith(PREFIX)) {
      return Optional.empty(); // a database server, not a file
    }
    String path = stateUrl.substring(PREFIX.length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
      return Optional.empty(); // in-memory or URI form: nothing to look at on disk
    }
    try {
      return Optional.of(Path.of(path));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
