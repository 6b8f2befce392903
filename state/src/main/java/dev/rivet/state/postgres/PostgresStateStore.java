package dev.rivet.state.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.jdbc.FlywaySchema;
import dev.rivet.state.jdbc.JdbcStateStore;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A {@link StateStore} in a PostgreSQL database, in its own schema ({@code rivet_state} unless the
 * URL's {@code currentSchema} names another). Thread-safe; any number of instances in any number of
 * processes and hosts may share one database, because every change is one transaction that locks
 * the rows it depends on.
 */
public final class PostgresStateStore extends JdbcStateStore {
  private PostgresStateStore(
      StateLocation location, String schemaName, HikariDataSource pool, FlywaySchema schema) {
    super(
        location,
        new PostgresTransactions(location, schemaName, pool),
        new PostgresDialect(),
        schema);
  }

  /** Opens the store at {@code location}, creating its schema or migrating it when needed. */
  public static StateStore open(StateLocation location) {
    String schemaName = PostgresSchema.name(location);
    FlywaySchema schema = PostgresSchema.of(location);
    HikariDataSource pool = PostgresPool.open(location, schemaName);
    try {
      ensureCurrent(location, schemaName, schema, pool);
      return new PostgresStateStore(location, schemaName, pool, schema);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Creates the store's schema or migrates it to this build's version, and says what was done. */
  public static SchemaUpgrade migrate(StateLocation location) {
    String schemaName = PostgresSchema.name(location);
    try (HikariDataSource pool = PostgresPool.open(location, schemaName)) {
      MigrationVersion before =
          ensureCurrent(location, schemaName, PostgresSchema.of(location), pool);
      return new SchemaUpgrade(
          before == null ? null : before.toString(), PostgresSchema.LATEST.toString());
    }
  }

  private static MigrationVersion ensureCurrent(
      StateLocation location, String schemaName, FlywaySchema schema, HikariDataSource pool) {
    try {
      return schema.ensureCurrent(pool);
    } catch (SQLException e) {
      throw PostgresErrors.sql(location, schemaName, "checking the schema", e);
    }
  }
}
