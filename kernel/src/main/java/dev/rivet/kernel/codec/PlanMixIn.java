package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Leaves an unknown row width out of the plan, as plans before it existed had none. */
abstract class PlanMixIn {
  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UnknownWidth.class)
  abstract long averageRowBytes();
}
