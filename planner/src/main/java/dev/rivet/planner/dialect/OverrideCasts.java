package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.SourceColumn;

/**
 * How one database casts a column to the output type of an export's {@code columns:} override: the
 * select-list expression, and the result column as the driver describes it, so that the writers map
 * the cast's result like any column of that type. Stateless.
 */
public interface OverrideCasts {

  /**
   * The select-list expression reading {@code column} as {@code override} asks, keeping its name.
   */
  String select(SourceColumn column, ColumnOverride override);

  /** The column {@link #select} returns, as the driver reports it (name and nullability kept). */
  SourceColumn result(SourceColumn column, ColumnOverride override);
}
