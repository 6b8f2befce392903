package dev.rivet.state.sqlite;

import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.jdbc.FlywaySchema;
import dev.rivet.state.jdbc.JdbcStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteDataSource;

/**
 * A {@link StateStore} in one SQLite file. Each instance holds one connection and is thread-safe;
 * instances in any number of threads or processes may share the file, because every change is one
 * {@code BEGIN IMMEDIATE} transaction that waits up to 30 s for the write lock.
 */
public final class SqliteStateStore extends JdbcStateStore {
  private SqliteStateStore(StateLocation location, Connection connection, FlywaySchema schema) {
    super(location, new SqliteTransactions(location, connection), new SqliteDialect(), schema);
  }

  /** Opens (creating and migrating when needed) the SQLite store at {@code location}. */
  public static StateStore open(StateLocation location) {
    SQLiteDataSource dataSource = SqliteFile.dataSource(location);
    FlywaySchema schema = SqliteSchema.of(location);
    ensureCurrent(location, schema, dataSource);
    try {
      return new SqliteStateStore(location, dataSource.getConnection(), schema);
    } catch (SQLException e) {
      throw SqliteErrors.sql(location, "opening", e);
    }
  }

  /** Creates the file or migrates it to this build's schema, and says what was done. */
  public static SchemaUpgrade migrate(StateLocation location) {
    MigrationVersion before =
        ensureCurrent(location, SqliteSchema.of(location), SqliteFile.dataSource(location));
    return new SchemaUpgrade(
        before == null ? null : before.toString(), SqliteSchema.LATEST.toString());
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
