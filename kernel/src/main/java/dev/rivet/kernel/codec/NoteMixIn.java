package dev.rivet.kernel.codec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Keeps the derived {@code isWarning()} out of the JSON: a note travels as its code and params. */
abstract class NoteMixIn {
  @JsonIgnore
  abstract boolean isWarning();
}
