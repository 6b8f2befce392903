package dev.rivet.state.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.FlywaySchema;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema of a PostgreSQL state store: its migrations, the newest version this build knows, and
 * the database schema its tables live in, so that it can share an existing database.
 */
final class PostgresSchema {
  /** The highest migration under {@link #MIGRATIONS}; raise it with every new migration. */
  static final MigrationVersion LATEST = MigrationVersion.fromVersion("5");

  static final String MIGRATIONS = "classpath:db/migration/postgresql";

  /** Where the tables live unless the URL's {@code currentSchema} names another schema. */
  static final String DEFAULT_SCHEMA = "rivet_state";

  private static final String NAME = "[a-z_][a-z0-9_]{0,62}";

  private PostgresSchema() {}

  static FlywaySchema of(StateLocation location) {
    String schema = name(location);
    return new FlywaySchema(
        location,
        LATEST,
        MIGRATIONS,
        schema,
        "check that the state database user may create schema "
            + schema
            + " and tables in it, or name a schema it owns with ?currentSchema= in the state URL",
        "restore the store from a backup: drop schema "
            + schema
            + " (DROP SCHEMA "
            + schema
            + " CASCADE) or name another one with ?currentSchema= in the state URL, then run"
            + " `rivet state import --file BACKUP`; without a backup, dropping the schema starts a"
            + " fresh store, without the old one's run history, resume points and incremental"
            + " cursor marks");
  }

  /**
   * The URL's {@code currentSchema} parameter, else {@value #DEFAULT_SCHEMA}.
   *
   * @throws RivetException of kind {@code USER_CONFIG} when it is not one lower-case name
   */
  static String name(StateLocation location) {
    String url = location.jdbcUrl();
    int query = url.indexOf('?');
    if (query < 0) {
      return DEFAULT_SCHEMA;
    }
    String schema = DEFAULT_SCHEMA;
    for (String param : url.substring(query + 1).split("&")) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).equalsIgnoreCase("currentSchema")) {
        schema = URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (!schema.matches(NAME)) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "state store "
              + location.redacted()
              + ": currentSchema '"
              + schema
              + "' is not one lower-case schema name",
          "name one schema of lower-case letters, digits and _ (e.g. currentSchema=rivet_state),"
              + " or leave currentSchema out to use "
              + DEFAULT_SCHEMA);
    }
    return schema;
  }
}
