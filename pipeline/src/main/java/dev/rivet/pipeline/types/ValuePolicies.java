package dev.rivet.pipeline.types;

import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import java.io.Serializable;
import java.util.Objects;

/**
 * What to write for source values that have no Parquet or ISO-8601 form: PostgreSQL's infinite
 * dates, MySQL's zero dates and PostgreSQL arrays whose lower bound is not 1.
 */
public record ValuePolicies(
    InfinityPolicy onInfinity, ZeroDatePolicy onZeroDate, ArrayBoundPolicy onArrayLowerBound)
    implements Serializable {
  public ValuePolicies {
    Objects.requireNonNull(onInfinity, "onInfinity");
    Objects.requireNonNull(onZeroDate, "onZeroDate");
    Objects.requireNonNull(onArrayLowerBound, "onArrayLowerBound");
  }

  /** These policies with the {@link ArrayBoundPolicy#DEFAULT} array-bound policy. */
  public ValuePolicies(InfinityPolicy onInfinity, ZeroDatePolicy onZeroDate) {
    this(onInfinity, onZeroDate, ArrayBoundPolicy.DEFAULT);
  }

  /** The policies of the plan's export. */
  public static ValuePolicies of(ExportPlan plan) {
    return new ValuePolicies(
        plan.export().onInfinity(), plan.export().onZeroDate(), plan.export().onArrayLowerBound());
  }

  /** Whether a non-null source value of {@code type} can be written as NULL. */
  public boolean mayNull(ColumnType type) {
    return SourceTypes.of(type.dialect()).mayNull(type, this);
  }
}
