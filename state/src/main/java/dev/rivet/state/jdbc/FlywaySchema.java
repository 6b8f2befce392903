package dev.rivet.state.jdbc;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a state database to the schema this build knows, with Flyway, and refuses one whose schema
 * is newer. A store already at this build's version, with no failed migration recorded, is checked
 * with one catalog lookup and one query of its history table and never reaches Flyway (no classpath
 * scan, no checksum validation, no lock); every other store goes through Flyway.
 */
public final class FlywaySchema {
  public static final String HISTORY_TABLE = "flyway_schema_history";

  // Serialises migrations within this JVM; other processes are covered by retrying once.
  private static final Object MIGRATION_LOCK = new Object();

  private final StateLocation location;
  private final MigrationVersion latest;
  private final String migrations;
  private final String schema;
  private final String migrationFailedHint;
  private final String damagedHint;

  /**
   * @param latest the highest migration under {@code migrations}
   * @param migrations where the migrations are, e.g. {@code classpath:db/migration/sqlite}
   * @param schema the database schema the store's tables live in, created when missing; null for a
   *     database that has only one (SQLite)
   * @param migrationFailedHint what to do when migrating fails
   * @param damagedHint what to do when a table of the schema is missing
   */
  public FlywaySchema(
      StateLocation location,
      MigrationVersion latest,
      String migrations,
      String schema,
      String migrationFailedHint,
      String damagedHint) {
    this.location = location;
    this.latest = latest;
    this.migrations = migrations;
    this.schema = schema;
    this.migrationFailedHint = migrationFailedHint;
    this.damagedHint = damagedHint;
  }

  /**
   * Migrates the database behind {@code dataSource} unless it is current; holds no connection of it
   * meanwhile, so Flyway may use any.
   *
   * @return the version the database was at, or null when it had no schema yet
   * @throws RivetException of kind {@code STATE} when the schema is newer, migration fails, or a
   *     table of the schema is missing (dropped outside rivet)
   */
  public MigrationVersion ensureCurrent(DataSource dataSource) throws SQLException {
    MigrationVersion before = migrateWhenBehind(dataSource);
    requireTables(dataSource);
    return before;
  }

  private MigrationVersion migrateWhenBehind(DataSource dataSource) throws SQLException {
    History history = checkedHistory(dataSource);
    MigrationVersion before = history.applied();
    if (isCurrent(history)) {
      return before;
    }
    if (before == null) {
      refuseTablesWithoutHistory(dataSource);
    }
    synchronized (MIGRATION_LOCK) {
      if (isCurrent(checkedHistory(dataSource))) {
        return before;
      }
      try {
        migrate(dataSource);
      } catch (FlywayException first) {
        // Another process may have created the schema at the same moment; its work is now visible.
        try {
          migrate(dataSource);
        } catch (FlywayException second) {
          second.addSuppressed(first);
          throw new RivetException(
              FailureKind.STATE,
              "state store "
                  + location.redacted()
                  + ": cannot migrate the schema: "
                  + second.getMessage(),
              migrationFailedHint,
              second);
        }
      }
    }
    if (!latest.equals(checkedHistory(dataSource).applied())) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "state store " + location.redacted() + ": migration did not reach version " + latest,
          "report this as a bug in rivet: the store's LATEST version does not match its"
              + " migrations");
    }
    return before;
  }

  /** The newest successfully applied migration, or null when the database has no schema yet. */
  public MigrationVersion appliedVersion(Connection connection) throws SQLException {
    return history(connection).applied();
  }

  /**
   * Whether Flyway has nothing to do: the history's newest successful migration is this build's and
   * no migration is recorded as failed (Flyway, not this check, decides what a failed one means).
   */
  private boolean isCurrent(History history) {
    return !history.failed() && latest.equals(history.applied());
  }

  /** One lookup of the history table in the catalog, then one query of its versioned rows. */
  private History history(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet tables =
        meta.getTables(null, pattern(meta, schema), pattern(meta, HISTORY_TABLE), null)) {
      if (!tables.next()) {
        return new History(null, false);
      }
    }
    String table =
        schema == null ? quote(HISTORY_TABLE) : quote(schema) + "." + quote(HISTORY_TABLE);
    MigrationVersion max = null;
    boolean failed = false;
    try (PreparedStatement versions =
            connection.prepareStatement(
                "SELECT version, success FROM " + table + " WHERE version IS NOT NULL");
        ResultSet rs = versions.executeQuery()) {
      while (rs.next()) {
        if (!rs.getBoolean(2)) {
          failed = true;
          continue;
        }
        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
        if (max == null || v.compareTo(max) > 0) {
          max = v;
        }
      }
    }
    return new History(max, failed);
  }

  /**
   * Refuses a store whose schema history says it is current but which lacks one of the tables that
   * history created: one catalog query, so that a half-dropped schema is named at once instead of
   * failing at its first statement.
   */
  private void requireTables(DataSource dataSource) throws SQLException {
    Set<String> present = tables(dataSource);
    List<String> missing =
        StateTables.ALL.stream().filter(table -> !present.contains(table)).toList();
    if (!missing.isEmpty()) {
      throw new RivetException(
          FailureKind.STATE,
          "state store "
              + location.redacted()
              + ": its schema history says version "
              + latest
              + " but "
              + (missing.size() == 1 ? "table " : "tables ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " missing: the store was changed outside rivet; rivet did not change it",
          damagedHint);
    }
  }

  /**
   * Refuses a database without migration history that holds tables named as the store's: a store
   * whose history was dropped, or another application's tables, which a migration would fail on or
   * write into.
   */
  private void refuseTablesWithoutHistory(DataSource dataSource) throws SQLException {
    Set<String> present = tables(dataSource);
    List<String> found = StateTables.ALL.stream().filter(present::contains).sorted().toList();
    if (!found.isEmpty()) {
      throw new RivetException(
          FailureKind.STATE,
          "state store "
              + location.redacted()
              + " has "
              + (found.size() == 1 ? "table " : "tables ")
              + String.join(", ", found)
              + " but no migration history ("
              + HISTORY_TABLE
              + "): it was changed outside rivet, or holds another application's tables; rivet"
              + " did not change it",
          damagedHint);
    }
  }

  /** The names of the tables in the store's schema, in lower case: one catalog query. */
  private Set<String> tables(DataSource dataSource) throws SQLException {
    Set<String> present = new HashSet<>();
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      try (ResultSet tables = meta.getTables(null, pattern(meta, schema), "%", null)) {
        while (tables.next()) {
          present.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
    return present;
  }

  private void migrate(DataSource dataSource) {
    FluentConfiguration flyway =
        Flyway.configure(FlywaySchema.class.getClassLoader())
            .loggers("slf4j")
            .dataSource(dataSource)
            .locations(migrations)
            .table(HISTORY_TABLE)
            .failOnMissingLocations(true);
    if (schema != null) {
      flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    flyway.load().migrate();
  }

  /** The store's migration history; throws when its applied version is past {@link #latest}. */
  private History checkedHistory(DataSource dataSource) throws SQLException {
    History history;
    try (Connection connection = dataSource.getConnection()) {
      history = history(connection);
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
    MigrationVersion applied = history.applied();
    if (applied != null && applied.compareTo(latest) > 0) {
      throw new RivetException(
          FailureKind.STATE,
          "state schema version "
              + applied
              + " is newer than this rivet (knows up to "
              + latest
              + "); upgrade rivet",
          "the state store "
              + location.redacted()
              + " was last written by a newer rivet; run that version, or point state (or"
              + " RIVET_STATE_URL) at another store");
    }
    return history;
  }

  /** The name as a metadata search pattern, in which {@code _} matches only {@code _}. */
  private static String pattern(DatabaseMetaData meta, String name) throws SQLException {
    String escape = meta.getSearchStringEscape();
    if (name == null || escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * What a history table says: its newest successful migration (null when there is none) and
   * whether any versioned migration is recorded as failed.
   */
  private record History(MigrationVersion applied, boolean failed) {}
}
