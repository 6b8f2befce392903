package dev.rivet.state.sqlite;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.jdbc.FlywaySchema;
import dev.rivet.state.jdbc.JdbcStateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteDataSource;

/**
 * A {@link StateStore} in one SQLite file. Each instance holds one connection and is thread-safe;
 * instances in any number of threads or processes may share the file, because every change is one
 * {@code BEGIN IMMEDIATE} transaction that waits up to 30 s for the write lock. A damaged file is
 * refused before anything writes to it ({@link SqliteDamage}).
 */
public final class SqliteStateStore extends JdbcStateStore {
  private SqliteStateStore(StateLocation location, Connection connection, FlywaySchema schema) {
    super(location, new SqliteTransactions(location, connection), new SqliteDialect(), schema);
  }

  /**
   * Opens (creating and migrating when needed) the SQLite store at {@code location}, after checking
   * that an existing file is a whole SQLite database, its pages included.
   */
  public static StateStore open(StateLocation location) {
    return open(location, true);
  }

  /**
   * As {@link #open}, without reading every page again: for a store this process opened with {@link
   * #open} moments ago (a pipeline worker of the run), where the full check only costs time.
   */
  public static StateStore reopen(StateLocation location) {
    return open(location, false);
  }

  /** Creates the file or migrates it to this build's schema, and says what was done. */
  public static SchemaUpgrade migrate(StateLocation location) {
    FlywaySchema schema = SqliteSchema.of(location);
    boolean created = prepare(location, schema, true);
    SQLiteDataSource dataSource = SqliteFile.dataSource(location);
    MigrationVersion before = ensureCurrent(location, schema, dataSource);
    try (Connection connection = dataSource.getConnection()) {
      SqliteFile.useWriteAheadLog(connection);
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, "switching to write-ahead logging", e);
    }
    return new SchemaUpgrade(
        created || before == null ? null : before.toString(), SqliteSchema.LATEST.toString());
  }

  private static StateStore open(StateLocation location, boolean checkPages) {
    FlywaySchema schema = SqliteSchema.of(location);
    prepare(location, schema, checkPages);
    SQLiteDataSource dataSource = SqliteFile.dataSource(location);
    ensureCurrent(location, schema, dataSource);
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      SqliteFile.useWriteAheadLog(connection);
      return new SqliteStateStore(location, connection, schema);
    } catch (SQLException e) {
      RivetException failure = SqliteErrors.sql(location, "opening", e);
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException closing) {
          failure.addSuppressed(closing);
        }
      }
      throw failure;
    }
  }

  /**
   * Creates the file whole when it is missing, else refuses it when damaged; before anything opens
   * it for writing.
   *
   * @return whether the file was created
   */
  private static boolean prepare(StateLocation location, FlywaySchema schema, boolean checkPages) {
    Optional<Path> file = SqliteFile.path(location);
    if (file.isEmpty()) {
      return false;
    }
    SqliteFile.createParentDirectory(location, file.get());
    if (SqliteCreation.createIfMissing(location, file.get(), schema)) {
      return true;
    }
    SqliteDamage.checkHeader(location, file.get());
    if (checkPages) {
      SqliteDamage.checkIntegrity(location, file.get(), SqliteFile.readOnlyDataSource(location));
    }
    return false;
  }

  private static MigrationVersion ensureCurrent(
      StateLocation location, FlywaySchema schema, SQLiteDataSource dataSource) {
    try {
      return schema.ensureCurrent(dataSource);
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, "checking the schema", e);
    }
  }
}
