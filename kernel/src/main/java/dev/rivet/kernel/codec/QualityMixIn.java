package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.QualityContract;

/** Leaves an export's absent quality contract out of the plan, as plans before it had none. */
abstract class QualityMixIn {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  abstract QualityContract quality();
}
