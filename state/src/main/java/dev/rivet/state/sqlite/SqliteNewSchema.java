package dev.rivet.state.sqlite;

import dev.rivet.state.jdbc.FlywaySchema;
import dev.rivet.state.jdbc.MigrationScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Builds the schema of a brand-new, empty SQLite file without Flyway: runs every migration of
 * {@link SqliteSchema#SCRIPTS} in order and records each one in Flyway's history table exactly as
 * Flyway 10 does on SQLite (the same table and index, the same rank, version, description, type,
 * script, checksum, installed-by and success values), in one transaction. Flyway later opens such a
 * file as one it migrated itself. This spares a fresh store Flyway's start-up (its plugin registry
 * and its scan of the jar for migrations), which cost about a fifth of a small command's CPU.
 *
 * <p>Only for a file no one else can see yet ({@link SqliteCreation}'s temporary file): it checks
 * nothing that is already there.
 */
final class SqliteNewSchema {
  /** Flyway's own history table on SQLite, as its {@code SQLiteDatabase} creates it. */
  private static final String HISTORY_DDL =
      "CREATE TABLE \""
          + FlywaySchema.HISTORY_TABLE
          + "\" (\n"
          + "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
          + "    \"version\" VARCHAR(50),\n"
          + "    \"description\" VARCHAR(200) NOT NULL,\n"
          + "    \"type\" VARCHAR(20) NOT NULL,\n"
          + "    \"script\" VARCHAR(1000) NOT NULL,\n"
          + "    \"checksum\" INT,\n"
          + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
          + "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
          + "    \"execution_time\" INT NOT NULL,\n"
          + "    \"success\" BOOLEAN NOT NULL\n"
          + ")";

  private static final String HISTORY_INDEX =
      "CREATE INDEX \""
          + FlywaySchema.HISTORY_TABLE
          + "_s_idx\" ON \""
          + FlywaySchema.HISTORY_TABLE
          + "\" (\"success\")";

  /** Flyway records the database user; SQLite has none, so Flyway writes an empty string. */
  private static final String INSTALLED_BY = "";

  private SqliteNewSchema() {}

  /** Creates the history table and applies every migration, all or nothing. */
  static void create(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        apply(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  private static void apply(Connection connection) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.executeUpdate(HISTORY_DDL);
      ddl.executeUpdate(HISTORY_INDEX);
    }
    ClassLoader loader = SqliteNewSchema.class.getClassLoader();
    try (Statement migration = connection.createStatement();
        PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO \""
                    + FlywaySchema.HISTORY_TABLE
                    + "\" (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?,"
                    + " 1)")) {
      int rank = 0;
      for (String name : SqliteSchema.SCRIPTS) {
        MigrationScript script = MigrationScript.load(loader, SqliteSchema.DIRECTORY, name);
        long start = System.nanoTime();
        // sqlite-jdbc's executeUpdate runs every statement of the text (sqlite3_exec).
        migration.executeUpdate(script.sql());
        long millis = (System.nanoTime() - start) / 1_000_000;
        record.setInt(1, ++rank);
        record.setString(2, script.version());
        record.setString(3, script.description());
        record.setString(4, script.script());
        record.setInt(5, script.checksum());
        record.setString(6, INSTALLED_BY);
        record.setInt(7, (int) millis);
        record.executeUpdate();
      }
    }
  }
}
