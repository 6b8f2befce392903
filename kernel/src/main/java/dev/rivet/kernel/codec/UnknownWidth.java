package dev.rivet.kernel.codec;

/**
 * Jackson's value filter for a plan's {@code averageRowBytes}: omitted when unknown (-1). Jackson
 * omits a value when {@code equals} returns true.
 */
final class UnknownWidth {
  @Override
  public boolean equals(Object value) {
    return value == null || (value instanceof Long width && width <= 0);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
