package dev.rivet.kernel.plan;

import java.util.Objects;

/** A table (or view) by schema and name; {@code schema} is null when the search path decides. */
public record TableRef(String schema, String name) implements Relation {
  public TableRef {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("table name is blank");
    }
  }

  /** Parses {@code name} or {@code schema.name}. Quoting is not interpreted. */
  public static TableRef parse(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0
        ? new TableRef(null, qualified)
        : new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  @Override
  public String describe() {
    return "table " + (schema == null ? name : schema + "." + name);
  }
}
