package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.Consistency;

/**
 * Jackson's value filter that leaves {@code consistency} out of a stored plan when it is the
 * default, so such plans read and write as they did before the field existed.
 */
final class DefaultConsistency {
  @Override
  public boolean equals(Object value) {
    return value == null || Consistency.DEFAULT.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
