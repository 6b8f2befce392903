package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Refuses a state file that is not a whole SQLite database, before anything writes to it: an empty
 * or truncated file, one that does not start with SQLite's header, one whose pages SQLite's
 * integrity check finds damaged, and a deleted database whose write-ahead log was left behind. A
 * refused file is never changed; the refusal says how to restore the store or start afresh.
 */
final class SqliteDamage {
  /** Every SQLite database starts with these 16 bytes, in a header of {@value #HEADER_BYTES}. */
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private static final int HEADER_BYTES = 100;

  private SqliteDamage() {}

  /**
   * Refuses {@code file} unless it is at least as long as SQLite's header and starts with it. Reads
   * only those 100 bytes.
   */
  static void checkHeader(StateLocation location, Path file) {
    byte[] header;
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      header = in.readNBytes(HEADER_BYTES);
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.STATE,
          "state store " + location.redacted() + ": cannot read the file: " + e.getMessage(),
          "check that the state file can be read and written by this user",
          e);
    }
    if (size == 0) {
      throw damaged(location, file, "the file is empty (0 bytes), so it holds no state at all");
    }
    boolean magic =
        Arrays.equals(
            Arrays.copyOf(header, Math.min(header.length, MAGIC.length)),
            Arrays.copyOf(MAGIC, Math.min(header.length, MAGIC.length)));
    if (header.length < HEADER_BYTES) {
      throw damaged(
          location,
          file,
          "the file is "
              + size
              + " bytes long, shorter than the "
              + HEADER_BYTES
              + "-byte header every SQLite database starts with"
              + (magic ? ": it was cut short" : ": it is not a SQLite database"));
    }
    if (!magic) {
      RivetException damaged =
          damaged(
              location,
              file,
              "the file does not start with SQLite's header ('SQLite format 3'): it is not a SQLite"
                  + " database, or its first page was overwritten");
      throw new RivetException(
          damaged.kind(),
          damaged.getMessage(),
          "if state (or RIVET_STATE_URL) names the wrong file, point it at the state file or a new"
              + " path; otherwise "
              + damaged.hint());
    }
  }

  /**
   * Refuses the database unless {@code PRAGMA quick_check} finds it whole: every page of every
   * table and index is read once and its structure checked (not that indexes match their tables).
   * Its cost grows with the file (see docs/deployment.md#backup-and-recovery-of-the-state-store).
   *
   * @param readOnly connections that change nothing on opening
   */
  static void checkIntegrity(StateLocation location, Path file, DataSource readOnly) {
    List<String> findings = new ArrayList<>();
    try (Connection c = readOnly.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      while (rs.next()) {
        // A report's first line names the database ("*** in database main ***"): not a finding.
        for (String line : rs.getString(1).split("\n")) {
          if (!line.isBlank() && !line.startsWith("*** ")) {
            findings.add(line.strip());
          }
        }
      }
    } catch (SQLException e) {
      if (!isDamage(e)) {
        throw SqliteErrors.sql(location, "checking the file's integrity", e);
      }
      // SQLite may report some findings and then give up on the damage it found.
      findings.add(oneLine(e.getMessage()));
    }
    if (findings.isEmpty() || findings.equals(List.of("ok"))) {
      return;
    }
    throw damaged(
        location,
        file,
        "the file is damaged: SQLite's integrity check (PRAGMA quick_check) reports '"
            + findings.get(0)
            + "'"
            + (findings.size() > 1 ? " and " + (findings.size() - 1) + " more problem(s)" : ""));
  }

  /**
   * Refuses to create a database at {@code file} when the write-ahead log of a database that was
   * there is left behind: SQLite would lay that log's pages over the new file.
   */
  static void checkNoLeftoverLog(StateLocation location, Path file) {
    Path log = file.resolveSibling(file.getFileName() + "-wal");
    long size;
    try {
      size = Files.isRegularFile(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      size = 0;
    }
    if (size > 0) {
      throw new RivetException(
          FailureKind.STATE,
          "state store "
              + location.redacted()
              + ": the file is missing but its write-ahead log "
              + log
              + " ("
              + size
              + " bytes) is still there: the database was deleted or moved without it, and a new"
              + " file would take in the old log's pages; rivet created nothing",
          "to get the store back, put the database file back next to its -wal file, or restore a"
              + " backup with `rivet state import`; to start a fresh store instead, move "
              + log.getFileName()
              + " and "
              + file.getFileName()
              + "-shm aside as well");
    }
  }

  /** Whether SQLite said the file is damaged or not a database. */
  static boolean isDamage(SQLException e) {
    if (!(e instanceof SQLiteException s)) {
      return false;
    }
    int primary = s.getResultCode().code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_CORRUPT.code
        || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  /** What to do about a damaged state file: restore a backup, or start afresh knowingly. */
  static String hint(Path file) {
    String name = file == null ? "the state file" : file.toString();
    return "restore the store from a backup: move "
        + name
        + " aside (e.g. to "
        + (file == null ? "a .damaged name" : file.getFileName() + ".damaged")
        + "), then run `rivet state import --file BACKUP` (or copy a backed-up state file into"
        + " its place while no rivet runs); or start a fresh store by only moving it aside: the"
        + " next command creates a new one, without the old store's run history, resume points"
        + " and incremental cursor marks (an incremental export then reads every row again)";
  }

  private static RivetException damaged(StateLocation location, Path file, String what) {
    return new RivetException(
        FailureKind.STATE,
        "state store " + location.redacted() + ": " + what + "; rivet did not change the file",
        hint(file));
  }

  private static String oneLine(String text) {
    if (text == null) {
      return "no detail";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
