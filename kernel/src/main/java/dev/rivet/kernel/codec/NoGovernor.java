package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.GovernorSettings;

/**
 * Jackson's value filter that leaves {@code governor} out of a stored plan when it is {@link
 * GovernorSettings#NONE}, so such plans read and write as they did before the field existed.
 */
final class NoGovernor {
  @Override
  public boolean equals(Object value) {
    return value == null || GovernorSettings.NONE.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
