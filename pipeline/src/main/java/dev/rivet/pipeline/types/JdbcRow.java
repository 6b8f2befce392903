package dev.rivet.pipeline.types;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The row a JDBC result set's cursor is on. */
public record JdbcRow(ResultSet resultSet) implements SourceRow {
  @Override
  public Object value(ColumnReader column) throws SQLException {
    return column.read(resultSet);
  }

  @Override
  public long sentBytes(int index) throws SQLException {
    byte[] value = resultSet.getBytes(index);
    return value == null ? -1 : value.length;
  }
}
