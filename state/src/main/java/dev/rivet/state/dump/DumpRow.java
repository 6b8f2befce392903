package dev.rivet.state.dump;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row of a dumped table: a value per column of its table, in order, each a {@code String},
 * {@code Long} or {@code Instant} by the column's type, or null.
 *
 * @param origin where the row was read, for messages about it (e.g. {@code backup.json, line 12:
 *     runs[3]}); empty for a row read from a store
 */
public record DumpRow(DumpTable table, List<Object> values, String origin) {
  public DumpRow {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(origin, "origin");
    if (values.size() != table.columns().size()) {
      throw new IllegalArgumentException(
          table.tableName()
              + " has "
              + table.columns().size()
              + " columns, got "
              + values.size()
              + " values");
    }
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  public Object value(String column) {
    int index = table.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(table.tableName() + " has no column " + column);
    }
    return values.get(index);
  }

  public String text(String column) {
    return (String) value(column);
  }

  public Long integer(String column) {
    return (Long) value(column);
  }

  public Instant instant(String column) {
    return (Instant) value(column);
  }

  /**
   * Where {@code column} of this row was read, e.g. {@code backup.json, line 12: runs[3].status}.
   */
  public String at(String column) {
    return origin + "." + column;
  }
}
