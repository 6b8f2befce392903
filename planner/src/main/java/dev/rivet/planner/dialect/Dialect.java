package dev.rivet.planner.dialect;

import dev.rivet.planner.model.TableRef;
import java.sql.Connection;
import java.sql.SQLException;

/** What differs between source databases: identifier quoting, session setup, catalog access. */
public sealed interface Dialect permits PostgresDialect {

  /** Wire name stored in plans, e.g. {@code postgresql}. */
  String name();

  /** Quotes and escapes one identifier. */
  String quote(String identifier);

  default String qualified(TableRef table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
  }

  /**
   * Prepares a connection for a consistent, streaming, read-only chunk read: a transaction with a
   * snapshot, and whatever session settings make the driver's text output exact.
   */
  void prepareReadSession(Connection connection) throws SQLException;

  /** The dialect for a JDBC URL, or an error listing the supported ones. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException(
        "unsupported source URL scheme in '"
            + jdbcUrl.replaceAll("\\?.*", "")
            + "'; supported: postgresql (jdbc:postgresql://host:port/db or postgresql://...)");
  }

  static Dialect named(String name) {
    if (name.equals("postgresql")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException("unknown dialect '" + name + "'");
  }
}
