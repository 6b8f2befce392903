package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Leaves {@code yieldToSessions} out of a stored plan when it is 0 (off), as plans before it
 * existed had none; such a plan reads back with it off.
 */
abstract class GovernorMixIn {
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract int yieldToSessions();
}
