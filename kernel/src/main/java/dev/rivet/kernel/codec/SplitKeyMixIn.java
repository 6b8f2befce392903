package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivet.kernel.plan.KeyPart;
import java.util.List;

/**
 * A split key's derived {@code isKeyset} is not stored; its {@code parts} only for a keyset key, so
 * the JSON of every other key is what it was before keyset keys existed.
 */
abstract class SplitKeyMixIn {
  @JsonIgnore
  abstract boolean isKeyset();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  abstract List<KeyPart> parts();
}
