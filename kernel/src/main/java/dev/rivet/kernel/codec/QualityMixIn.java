package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.QualityContract;

/**
 * Leaves an export's absent quality contract and its derived memory settings out of the plan, as
 * plans before they existed had none.
 */
abstract class QualityMixIn {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  abstract QualityContract quality();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DerivedMemory.class)
  abstract MemorySettings memory();
}
