package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.ReadProtocol;

/**
 * Jackson's value filter that leaves {@code readProtocol} out of a stored plan when it is the
 * default, so such plans read and write as they did before the field existed. Jackson omits a value
 * when {@code equals} returns true.
 */
final class DefaultReadProtocol {
  @Override
  public boolean equals(Object value) {
    return value == null || ReadProtocol.DEFAULT.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
