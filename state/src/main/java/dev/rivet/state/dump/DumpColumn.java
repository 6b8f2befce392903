package dev.rivet.state.dump;

import java.util.Objects;

/**
 * One column of a dumped table, named as in the state schema.
 *
 * @param nullable whether the column may be null (and may be left out of a row)
 */
public record DumpColumn(String name, DumpType type, boolean nullable) {
  public DumpColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  static DumpColumn required(String name, DumpType type) {
    return new DumpColumn(name, type, false);
  }

  static DumpColumn optional(String name, DumpType type) {
    return new DumpColumn(name, type, true);
  }
}
