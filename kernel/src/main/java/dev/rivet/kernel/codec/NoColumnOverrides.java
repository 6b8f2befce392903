package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.ColumnOverrides;

/**
 * Jackson's value filter that leaves {@code columnOverrides} out of a stored plan when an export
 * has none, so such plans read and write as they did before the field existed.
 */
final class NoColumnOverrides {
  @Override
  public boolean equals(Object value) {
    return value == null || ColumnOverrides.NONE.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
