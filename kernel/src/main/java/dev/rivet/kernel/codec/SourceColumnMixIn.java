package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.SourceColumn;
import java.util.List;

/**
 * A column's composite {@code attributes} are stored only when it has some, so the JSON of every
 * other column is what it was before composite attributes were planned.
 */
abstract class SourceColumnMixIn {
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  abstract List<SourceColumn> attributes();
}
