package dev.rivet.kernel.shape;

import java.util.Locale;

/** Why a column's shape was reported; the wire value names it in machine output. */
public enum ShapeWarningCode {
  /** The longest value grew past the warn factor times the previous run's longest. */
  MAX_BYTES_GREW,
  /** The longest text value reached 90% of the column's declared length, e.g. varchar(n). */
  NEAR_DECLARED_LENGTH,
  /** The share of NULLs rose by at least the configured jump. */
  NULL_RATIO_JUMPED;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
