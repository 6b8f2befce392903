package dev.rivet.state.sqlite;

import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.FlywaySchema;
import dev.rivet.state.jdbc.MigrationScript;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/** The schema of a SQLite state file: its migrations and the newest version this build knows. */
final class SqliteSchema {
  /** Where the migrations are on the class path. */
  static final String DIRECTORY = "db/migration/sqlite";

  static final String MIGRATIONS = "classpath:" + DIRECTORY;

  /**
   * Every migration under {@link #DIRECTORY}, in version order: add each new one here (a test
   * checks this list against the directory). A new file is built from them without Flyway ({@link
   * SqliteNewSchema}); Flyway finds them itself for an existing file.
   */
  static final List<String> SCRIPTS =
      List.of(
          "V1__runs_chunks_files.sql",
          "V2__cursors.sql",
          "V3__file_parts.sql",
          "V4__abandoned_runs_and_attempt_errors.sql",
          "V5__leases.sql",
          "V6__chunk_claims.sql",
          "V7__file_warnings.sql",
          "V8__lease_fencing.sql",
          "V9__export_schemas.sql",
          "V10__file_profiles.sql");

  /** The highest migration: the version of the last of {@link #SCRIPTS}. */
  static final MigrationVersion LATEST =
      MigrationVersion.fromVersion(MigrationScript.version(SCRIPTS.get(SCRIPTS.size() - 1)));

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
