package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Keeps the derived {@code isUnbounded()} out of the JSON: only the record components travel. */
abstract class ChunkMixIn {
  @JsonIgnore
  abstract boolean isUnbounded();
}
