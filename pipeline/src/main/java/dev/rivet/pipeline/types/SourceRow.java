package dev.rivet.pipeline.types;

import java.sql.SQLException;

/**
 * The current row of a chunk being read, from whichever protocol carried it: each column's value is
 * the one its {@link ColumnReader} returns, identical on every protocol. Valid only until the
 * reader moves on; never keep it.
 */
public interface SourceRow {
  /** The value of {@code column}'s column in this row, or null. */
  Object value(ColumnReader column) throws SQLException;

  /**
   * The size in bytes of the value at 1-based {@code index} as the source sent it, before it is
   * decoded; -1 for NULL.
   */
  long sentBytes(int index) throws SQLException;
}
