package dev.rivet.kernel.codec;

import dev.rivet.kernel.plan.MetaColumns;

/**
 * Jackson's value filter that leaves {@code metaColumns} out of a stored plan when an export has
 * none, so plans without lineage columns read and write as they did before the field existed.
 * Jackson omits a value when {@code equals} returns true.
 */
final class NoMetaColumns {
  @Override
  public boolean equals(Object value) {
    return value == null || MetaColumns.NONE.equals(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
