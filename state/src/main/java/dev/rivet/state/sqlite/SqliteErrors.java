package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.StoreErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What to do about a failed statement on a state file, by SQLite's result code. */
final class SqliteErrors {
  private SqliteErrors() {}

  static RivetException sql(StateLocation location, String doing, SQLException e) {
    return StoreErrors.sql(location, doing, e, hint(location, e));
  }

  private static String hint(StateLocation location, SQLException e) {
    if (SqliteDamage.isDamage(e)) {
      return SqliteDamage.hint(SqliteFile.path(location).orElse(null));
    }
    SQLiteErrorCode code = e instanceof SQLiteException s ? primary(s) : null;
    if (code == null) {
      return generic();
    }
    switch (code) {
      case SQLITE_BUSY:
        return "another rivet kept the state file locked for longer than the 30 s busy timeout;"
            + " run again when it has finished";
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_CANTOPEN:
      case SQLITE_AUTH:
        return "check that the state file and its directory exist and are writable by this user";
      case SQLITE_FULL:
        return "the disk holding the state file is full: free space on it and run again";
      case SQLITE_IOERR:
        return "reading or writing the state file failed: check the disk it is on (it must be a"
            + " local disk: SQLite locking does not work on network file systems)";
      case SQLITE_PROTOCOL:
      case SQLITE_NOLFS:
        return "SQLite's file locking failed: keep the state file on a local disk (SQLite locking"
            + " does not work on network file systems)";
      default:
        return generic();
    }
  }

  private static String generic() {
    return "check the state file (state in the config, or RIVET_STATE_URL) and the disk it is"
        + " on; a file changed outside rivet can be restored from a backup with `rivet state"
        + " import`";
  }

  /** The primary code: extended codes such as SQLITE_BUSY_SNAPSHOT keep it in the low byte. */
  private static SQLiteErrorCode primary(SQLiteException e) {
    return SQLiteErrorCode.getErrorCode(e.getResultCode().code & 0xff);
  }
}
