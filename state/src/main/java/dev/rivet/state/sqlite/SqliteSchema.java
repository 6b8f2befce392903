package dev.rivet.state.sqlite;

import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.FlywaySchema;
import org.flywaydb.core.api.MigrationVersion;

/** The schema of a SQLite state file: its migrations and the newest version this build knows. */
final class SqliteSchema {
  /** The highest migration under {@link #MIGRATIONS}; raise it with every new migration. */
  static final MigrationVersion LATEST = MigrationVersion.fromVersion("9");

  static final String MIGRATIONS = "classpath:db/migration/sqlite";

  static final String HISTORY_TABLE = FlywaySchema.HISTORY_TABLE;

  private SqliteSchema() {}

  static FlywaySchema of(StateLocation location) {
    return new FlywaySchema(
        location,
        LATEST,
        MIGRATIONS,
        null,
        "the file may not be a rivet state database; point state (or RIVET_STATE_URL) at another"
            + " file",
        SqliteDamage.hint(SqliteFile.path(location).orElse(null)));
  }
}
