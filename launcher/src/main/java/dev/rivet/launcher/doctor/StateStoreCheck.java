package dev.rivet.launcher.doctor;

import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.StateStores;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Opens the state store as a run does, which creates it when missing and migrates it to this
 * build's schema (a schema newer than this build is a failure), then reports its schema version.
 */
final class StateStoreCheck {
  static final String NAME = "state store";

  private static final String PREFIX = "jdbc:sqlite:";
  // Flyway's history table, where the state module's migrations record the schema version.
  private static final String VERSIONS =
      "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL";

  // Flyway versions are dot-separated numbers: 2 < 10, 1.1 < 1.2.
  private static final Comparator<String> VERSION_ORDER =
      Comparator.comparing(
          (String v) -> Arrays.stream(v.split("\\.")).mapToLong(Long::parseLong).toArray(),
          Arrays::compare);

  private StateStoreCheck() {}

  static CheckResult run(String stateUrl) {
    StateLocation location = new StateLocation(stateUrl);
    boolean existed = file(stateUrl).map(Files::exists).orElse(true);
    try (StateStore store = StateStores.open(location)) {
      // Opening is the check; the store itself is not needed.
    } catch (RivetException e) {
      if (e.getMessage().contains("SQLITE_NOTADB")) {
        return CheckResult.fail(
            NAME,
            e.kind(),
            e.getMessage(),
            "the file is not a SQLite database: point state (or RIVET_STATE_URL) at a rivet state"
                + " file or a new path, or move the file away");
      }
      return CheckResult.fail(NAME, e);
    } catch (Exception e) {
      return CheckResult.fail(
          NAME,
          FailureKind.STATE,
          "state store " + location.redacted() + ": closing failed: " + e.getMessage(),
          "check the file's permissions and free space");
    }
    String version;
    try {
      version = schemaVersion(stateUrl).map(v -> "schema version " + v).orElse("no schema version");
    } catch (SQLException | NumberFormatException e) {
      return CheckResult.fail(
          NAME,
          FailureKind.STATE,
          "state store "
              + location.redacted()
              + ": cannot read the schema version: "
              + e.getMessage(),
          "the file may not be a rivet state database; point state (or RIVET_STATE_URL) at another"
              + " file");
    }
    String where = file(stateUrl).map(Path::toString).orElse(location.redacted());
    return CheckResult.pass(
        NAME, (existed ? where + ": " : "created " + where + ": ") + version + ", current");
  }

  private static Optional<Path> file(String stateUrl) {
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

  /** The newest applied migration's version; throws on a version that is not numbers and dots. */
  private static Optional<String> schemaVersion(String stateUrl) throws SQLException {
    Optional<String> newest = Optional.empty();
    try (Connection c = DriverManager.getConnection(stateUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(VERSIONS)) {
      while (rs.next()) {
        String v = rs.getString(1);
        if (newest.isEmpty() || VERSION_ORDER.compare(v, newest.get()) > 0) {
          newest = Optional.of(v);
        }
      }
    }
    return newest;
  }
}
