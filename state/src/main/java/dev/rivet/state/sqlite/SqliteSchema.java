package dev.rivet.state.sqlite;

import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings a state database to the schema this build knows, with Flyway, and refuses one whose schema
 * is newer. The version check is one cheap query, so only the first opener of a file in a JVM pays
 * for Flyway.
 */
final class SqliteSchema {
  /** The highest migration under {@link #MIGRATIONS}; raise it with every new migration. */
  static final MigrationVersion LATEST = MigrationVersion.fromVersion("4");

  static final String MIGRATIONS = "classpath:db/migration/sqlite";

  static final String HISTORY_TABLE = "flyway_schema_history";

  // Serialises migrations within this JVM; other processes are covered by retrying once.
  private static final Object MIGRATION_LOCK = new Object();

  private SqliteSchema() {}

  /**
   * Migrates the database behind {@code dataSource} unless {@code connection} shows it current.
   *
   * @throws RivetException of kind {@code STATE} when the schema is newer or migration fails
   */
  static void ensureCurrent(StateLocation location, DataSource dataSource, Connection connection)
      throws SQLException {
    if (isCurrent(location, connection)) {
      return;
    }
    synchronized (MIGRATION_LOCK) {
      if (isCurrent(location, connection)) {
        return;
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
              "the file may not be a rivet state database; point --state at another file",
              second);
        }
      }
    }
    if (!isCurrent(location, connection)) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "state store " + location.redacted() + ": migration did not reach version " + LATEST,
          "report this as a bug in rivet: SqliteSchema.LATEST does not match the migrations");
    }
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure(SqliteSchema.class.getClassLoader())
        .loggers("slf4j")
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** Whether the database is at {@link #LATEST}; throws when it is past it. */
  private static boolean isCurrent(StateLocation location, Connection connection)
      throws SQLException {
    MigrationVersion applied = appliedVersion(connection);
    if (applied == null) {
      return false;
    }
    if (applied.compareTo(LATEST) > 0) {
      throw new RivetException(
          FailureKind.STATE,
          "state schema version "
              + applied
              + " is newer than this rivet (knows up to "
              + LATEST
              + "); upgrade rivet",
          "the state file "
              + location.redacted()
              + " was last written by a newer rivet; run that version, or point --state at"
              + " another file");
    }
    return applied.equals(LATEST);
  }

  private static MigrationVersion appliedVersion(Connection connection) throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      exists.setString(1, HISTORY_TABLE);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
      }
    }
    MigrationVersion max = null;
    try (PreparedStatement versions =
            connection.prepareStatement(
                "SELECT version FROM "
                    + HISTORY_TABLE
                    + " WHERE success = 1 AND version IS NOT NULL");
        ResultSet rs = versions.executeQuery()) {
      while (rs.next()) {
        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
        if (max == null || v.compareTo(max) > 0) {
          max = v;
        }
      }
    }
    return max;
  }
}
