package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * When a run's shape counts as drifted from the previous successful run of its export.
 *
 * @param warnFactor warn when a column's longest value is more than this many times the previous
 *     run's longest ({@code shape_drift_warn_factor})
 * @param nullRatioJump warn when a column's share of NULLs rose by at least this much, as an
 *     absolute fraction of the rows ({@code shape_drift_null_ratio_jump}; 0.2 = 20 percentage
 *     points)
 */
public record ShapeDriftSettings(double warnFactor, double nullRatioJump) implements Serializable {
  public static final String WARN_FACTOR_KEY = "shape_drift_warn_factor";
  public static final String NULL_RATIO_JUMP_KEY = "shape_drift_null_ratio_jump";

  /** Above 1 000 times, growth is no longer a signal worth a setting. */
  public static final double MAX_WARN_FACTOR = 1000;

  public static final ShapeDriftSettings DEFAULT = new ShapeDriftSettings(2.0, 0.2);

  /** The share of a declared length (e.g. varchar(n)) at which a column is reported as near it. */
  public static final double DECLARED_LENGTH_SHARE = 0.9;

  public ShapeDriftSettings {
    if (!(warnFactor > 1 && warnFactor <= MAX_WARN_FACTOR)) {
      throw new InvalidSettingException(
          WARN_FACTOR_KEY,
          warnFactor
              + " is out of range (expected more than 1 and at most "
              + MAX_WARN_FACTOR
              + ")",
          "use e.g. 2.0 to warn when a column's longest value more than doubles");
    }
    if (!(nullRatioJump > 0 && nullRatioJump <= 1)) {
      throw new InvalidSettingException(
          NULL_RATIO_JUMP_KEY,
          nullRatioJump + " is out of range (expected more than 0 and at most 1)",
          "use e.g. 0.2 to warn when a column's NULL share rises by 20 percentage points");
    }
  }
}
