package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * How an export writes source values that need a decision: infinities, zero dates, arrays not based
 * at 1, output type overrides, and the lineage columns appended to every row. A null component
 * other than {@code onInfinity} (as in plans stored before it existed) reads as its default.
 *
 * @param onInfinity what to write for PostgreSQL infinity dates and timestamps
 * @param onZeroDate what to write for MySQL zero dates; null reads as {@link
 *     ZeroDatePolicy#DEFAULT}
 * @param onArrayLowerBound what to do with a PostgreSQL array whose lower bound is not 1; null
 *     reads as {@link ArrayBoundPolicy#DEFAULT}
 * @param columnOverrides the {@code columns:} output type overrides and {@code allow_lossy}; null
 *     reads as {@link ColumnOverrides#NONE}
 * @param metaColumns the lineage columns appended to every row; null reads as {@link
 *     MetaColumns#NONE}
 */
public record ValuePolicies(
    InfinityPolicy onInfinity,
    ZeroDatePolicy onZeroDate,
    ArrayBoundPolicy onArrayLowerBound,
    ColumnOverrides columnOverrides,
    MetaColumns metaColumns)
    implements Serializable {

  /** Every policy at its default, no overrides and no lineage columns. */
  public static final ValuePolicies DEFAULT = of(InfinityPolicy.DEFAULT);

  public ValuePolicies {
    Objects.requireNonNull(onInfinity, "onInfinity");
    if (onZeroDate == null) {
      onZeroDate = ZeroDatePolicy.DEFAULT;
    }
    if (onArrayLowerBound == null) {
      onArrayLowerBound = ArrayBoundPolicy.DEFAULT;
    }
    if (columnOverrides == null) {
      columnOverrides = ColumnOverrides.NONE;
    }
    if (metaColumns == null) {
      metaColumns = MetaColumns.NONE;
    }
  }

  /** {@code onInfinity}, every other policy at its default. */
  public static ValuePolicies of(InfinityPolicy onInfinity) {
    return new ValuePolicies(onInfinity, null, null, null, null);
  }
}
