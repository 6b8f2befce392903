package dev.rivet.kernel.plan;

/** Every row, split on the table's unique key when it has a usable one. */
public record FullMode() implements ExtractMode {
  @Override
  public String wireName() {
    return "full";
  }
}
