package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.ReadProtocol;

/**
 * Leaves a stored spec's absent quality contract, its derived memory settings, its default read
 * protocol, consistency, array-bound policy and absent governor out of the plan, as plans before
 * they existed had none.
 */
abstract class QualityMixIn {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  abstract QualityContract quality();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DerivedMemory.class)
  abstract MemorySettings memory();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultReadProtocol.class)
  abstract ReadProtocol readProtocol();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultConsistency.class)
  abstract Consistency consistency();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultArrayBound.class)
  abstract ArrayBoundPolicy onArrayLowerBound();

  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoGovernor.class)
  abstract GovernorSettings governor();
}
