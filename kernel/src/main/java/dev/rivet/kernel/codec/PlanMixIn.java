package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Leaves an unknown row width and a plan that does not yield out of the stored plan, as plans
 * before they existed had neither.
 */
abstract class PlanMixIn {
  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UnknownWidth.class)
  abstract long averageRowBytes();

  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract boolean yields();
}
