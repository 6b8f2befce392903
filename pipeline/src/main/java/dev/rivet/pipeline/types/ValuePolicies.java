package dev.rivet.pipeline.types;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import java.io.Serializable;
import java.util.Objects;

/**
 * What to write for source values that have no Parquet or ISO-8601 form: PostgreSQL's infinite
 * dates and MySQL's zero dates.
 */
public record ValuePolicies(InfinityPolicy onInfinity, ZeroDatePolicy onZeroDate)
    implements Serializable {
  public ValuePolicies {
    Objects.requireNonNull(onInfinity, "onInfinity");
    Objects.requireNonNull(onZeroDate, "onZeroDate");
  }

  /** The policies of the plan's export. */
  public static ValuePolicies of(ExportPlan plan) {
    return new ValuePolicies(plan.export().onInfinity(), plan.export().onZeroDate());
  }

  /** Whether a non-null source value of {@code type} can be written as NULL. */
  public boolean mayNull(ColumnType type) {
    return SourceTypes.of(type.dialect()).mayNull(type, this);
  }
}
