package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.MemorySettings;

/**
 * Jackson's value filter that leaves {@code memory} out of a stored plan when both of its values
 * are derived, so such plans read and write as they did before the field existed. Jackson omits a
 * value when {@code equals} returns true.
 */
final class DerivedMemory {
  @Override
  public boolean equals(Object value) {
    return value == null || MemorySettings.DERIVED.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
