package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Leaves undeclared array dimensions (0) out of a stored column, so plans without them read and
 * write as they did before the field existed.
 */
abstract class SourceColumnMixIn {
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract int dimensions();
}
