package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.ArrayBoundPolicy;

/**
 * Jackson's value filter that leaves {@code onArrayLowerBound} out of a stored plan when it is the
 * default, so such plans read and write as they did before the field existed.
 */
final class DefaultArrayBound {
  @Override
  public boolean equals(Object value) {
    return value == null || ArrayBoundPolicy.DEFAULT.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
