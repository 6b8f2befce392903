package dev.rivet.pipeline.fidelity;

import java.util.Locale;

/**
 * How faithfully a column's values reach the output, as {@code rivet check} reports it and as
 * column overrides are judged (see docs/type-mapping.md#fidelity).
 */
public enum Fidelity {
  /** Every value is written as the same value, in a type of the same meaning. */
  EXACT,
  /**
   * Every value is kept, in another representation: a text form, a wider type, a time zone assumed.
   */
  COMPATIBLE,
  /**
   * Values can change (rounded, truncated, clamped) or be refused at read; an override needs {@code
   * allow_lossy: true}.
   */
  LOSSY,
  /** The export refuses the column: an override the source type cannot be cast to. */
  REFUSED;

  /** The report's word: {@code exact}, {@code compatible}, {@code lossy}, {@code refused}. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
