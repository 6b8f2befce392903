package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.SourceColumn;
import java.util.List;

/**
 * Leaves undeclared array dimensions (0) and absent composite {@code attributes} out of a stored
 * column, so the JSON of every other column reads and writes as it did before those fields existed.
 */
abstract class SourceColumnMixIn {
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  abstract int dimensions();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  abstract List<SourceColumn> attributes();
}
