package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.introspect.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What differs between source databases: identifier quoting, the select expression of a column,
 * session setup for a consistent streaming read, and catalog access.
 */
public sealed interface Dialect permits PostgresDialect, MySqlDialect {

  /** Wire name stored in plans: {@code postgresql} or {@code mysql} (MySQL and MariaDB). */
  String name();

  /** Quotes and escapes one identifier. */
  String quote(String identifier);

  default String qualified(TableRef table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
  }

  /**
   * The select-list expression that reads {@code column} of a table, keeping its name: the quoted
   * name, or a conversion where the driver's own form is not a portable value.
   */
  default String selectColumn(SourceColumn column) {
    return quote(column.name());
  }

  /**
   * Prepares a connection for a consistent, streaming, read-only chunk read: a transaction with a
   * snapshot, and whatever session settings make the driver's text output exact.
   */
  void prepareReadSession(Connection connection) throws SQLException;

  /** Makes a chunk statement stream its rows {@code fetchSize} at a time instead of buffering. */
  default void configureStatement(PreparedStatement statement, int fetchSize) throws SQLException {
    statement.setFetchSize(fetchSize);
  }

  /** The statement that refreshes a table's planner statistics, for hints. */
  String analyzeStatement(TableRef table);

  /** Catalog access for planning over an open connection. */
  Catalog catalog(Connection connection);

  /** The dialect for a JDBC URL, or an error listing the supported ones. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    if (MySqlDialect.accepts(jdbcUrl)) {
      return new MySqlDialect();
    }
    throw new IllegalArgumentException(
        "unsupported source URL scheme in '"
            + jdbcUrl.replaceAll("\\?.*", "")
            + "'; supported: postgresql (jdbc:postgresql://host:port/db or postgresql://...),"
            + " mysql and mariadb (jdbc:mariadb://host:port/db, jdbc:mysql://..., mysql://...,"
            + " mariadb://...)");
  }

  /** The dialect stored in a plan under {@link #name()}. */
  static Dialect named(String name) {
    switch (name) {
      case "postgresql":
        return new PostgresDialect();
      case "mysql":
        return new MySqlDialect();
      default:
        throw new IllegalArgumentException(
            "unknown dialect '" + name + "' (known: postgresql, mysql)");
    }
  }
}
