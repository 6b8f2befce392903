package dev.rivet.pipeline.types;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A source's own bulk protocol for reading the rows of one SELECT (PostgreSQL: binary {@code COPY
 * (SELECT ...) TO STDOUT}), decoded exactly into the values the JDBC path reads. It streams: memory
 * holds one row at a time. Server errors arrive as {@link SQLException}s with the SQLSTATE the JDBC
 * path would see.
 */
public interface BinaryRead {
  /** Receives each row while it is current; must not keep it. */
  @FunctionalInterface
  interface Consumer {
    void accept(SourceRow row) throws SQLException, IOException;
  }

  /**
   * Streams every row of {@code select} (a statement without parameters) on {@code connection},
   * inside the connection's current transaction; returns the number of rows.
   */
  long read(Connection connection, String select, int columns, Consumer consumer)
      throws SQLException, IOException;
}
