package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The SQLite database file behind a location, and connections to it that wait for each other. */
final class SqliteFile {
  /** How long a writer waits for another connection's write lock before failing with BUSY. */
  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private static final String PREFIX = "jdbc:sqlite:";

  private SqliteFile() {}

  /**
   * A data source whose connections use WAL (readers never block the one writer) and a busy timeout
   * (writers queue instead of failing), creating the file's directory first.
   */
  static SQLiteDataSource dataSource(StateLocation location) {
    createParentDirectory(location);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(location.jdbcUrl());
    return dataSource;
  }

  private static void createParentDirectory(StateLocation location) {
    String file = location.jdbcUrl().substring(PREFIX.length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    if (file.isEmpty() || file.startsWith(":memory:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.STATE,
          "state store " + location.redacted() + ": cannot create directory " + parent + ": " + e,
          "check the --state path and that its directory can be created by this user",
          e);
    }
  }
}
