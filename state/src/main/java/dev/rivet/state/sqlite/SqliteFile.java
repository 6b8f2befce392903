package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The SQLite database file behind a location, and connections to it that wait for each other. */
final class SqliteFile {
  /** How long a writer waits for another connection's write lock before failing with BUSY. */
  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private static final String PREFIX = "jdbc:sqlite:";

  private SqliteFile() {}

  /**
   * A data source whose connections use a busy timeout (writers queue instead of failing), creating
   * the file's directory first. Opening a connection writes nothing: the file is switched to WAL by
   * {@link #useWriteAheadLog} once it has been checked.
   */
  static SQLiteDataSource dataSource(StateLocation location) {
    path(location).ifPresent(file -> createParentDirectory(location, file));
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    return dataSource(config, location.jdbcUrl());
  }

  /**
   * A data source whose connections only read and change nothing on opening (not even the journal
   * mode), so that a file can be checked before anything writes to it.
   */
  static SQLiteDataSource readOnlyDataSource(StateLocation location) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return dataSource(config, location.jdbcUrl());
  }

  /**
   * The database file, absolute; empty for an in-memory database (nothing on disk to check).
   *
   * <p>Accepts the URL forms the driver does: {@code jdbc:sqlite:/path}, {@code
   * jdbc:sqlite:file:/path} and either with {@code ?options}.
   */
  static Optional<Path> path(StateLocation location) {
    String file = location.jdbcUrl().substring(PREFIX.length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    if (file.isEmpty() || file.startsWith(":memory:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(file).toAbsolutePath());
  }

  /**
   * Puts the file in WAL mode (readers never block the one writer), which it keeps from then on; a
   * file already in WAL mode is not written to.
   */
  static void useWriteAheadLog(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
    }
  }

  static SQLiteDataSource dataSource(SQLiteConfig config, String jdbcUrl) {
    SqliteNativeLibrary.useCachedCopy();
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    return dataSource;
  }

  /** Creates the directory {@code file} goes in, when missing. */
  static void createParentDirectory(StateLocation location, Path file) {
    Path parent = file.getParent();
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
