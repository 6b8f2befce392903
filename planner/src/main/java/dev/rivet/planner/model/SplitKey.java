package dev.rivet.planner.model;

import java.io.Serializable;
import java.util.Objects;

/** The column chunk ranges are taken over; unique and non-null, so ranges never overlap. */
public record SplitKey(String column, KeyType type) implements Serializable {
  public SplitKey {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
  }
}
