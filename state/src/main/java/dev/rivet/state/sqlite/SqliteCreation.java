package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.FlywaySchema;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Creates a state file whole: a new database is built (by {@link SqliteNewSchema}, without Flyway)
 * under a temporary name next to it, then linked into place. The file at the store's path is
 * therefore always a complete store, never a half-created (e.g. empty) one, and an empty file there
 * can be refused as damaged.
 */
final class SqliteCreation {
  private SqliteCreation() {}

  /**
   * Creates the store at {@code file} unless a file is already there.
   *
   * @return whether this call created it; false when another process got there first
   */
  static boolean createIfMissing(StateLocation location, Path file, FlywaySchema schema) {
    if (Files.exists(file)) {
      return false;
    }
    SqliteDamage.checkNoLeftoverLog(location, file);
    Path temporary = file.resolveSibling("." + file.getFileName() + ".new-" + UUID.randomUUID());
    try {
      // A rollback journal, not WAL: once its last connection closes, all of it is in the one file
      // that is linked into place. The first ordinary open switches the store to WAL.
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.DELETE);
      config.enforceForeignKeys(true);
      SQLiteDataSource dataSource = SqliteFile.dataSource(config, "jdbc:sqlite:" + temporary);
      // Built without Flyway (SqliteNewSchema); the check that follows finds it current.
      SqliteNewSchema.create(dataSource);
      schema.ensureCurrent(dataSource);
      return linkIntoPlace(location, temporary, file);
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, "creating the state file", e);
    } finally {
      deleteQuietly(temporary);
      deleteQuietly(temporary.resolveSibling(temporary.getFileName() + "-journal"));
    }
  }

  /**
   * Links {@code temporary} as {@code file} only if no file is there yet (atomic where possible).
   */
  private static boolean linkIntoPlace(StateLocation location, Path temporary, Path file) {
    try {
      try {
        Files.createLink(file, temporary);
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException) {
          throw (FileAlreadyExistsException) e;
        }
        // No hard links on this file system: a rename that refuses an existing file.
        Files.move(temporary, file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.STATE,
          "state store " + location.redacted() + ": cannot create " + file + ": " + e,
          "check that the state file's directory is writable by this user",
          e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temporary file is harmless: nothing reads it.
    }
  }
}
