package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.StoreErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What to do about a failed statement on a state file. */
final class SqliteErrors {
  private SqliteErrors() {}

  static RivetException sql(StateLocation location, String doing, SQLException e) {
    String hint =
        isBusy(e)
            ? "another rivet kept the state file locked for longer than the 30 s busy timeout;"
                + " run again when it has finished"
            : "check that the state file and its directory are writable and on a local disk"
                + " (SQLite locking does not work on network file systems)";
    return StoreErrors.sql(location, doing, e, hint);
  }

  private static boolean isBusy(SQLException e) {
    // Extended codes such as SQLITE_BUSY_SNAPSHOT keep the primary code in the low byte.
    return e instanceof SQLiteException s
        && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
  }
}
