package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The value of {@code tuning.max_source_latency}: off, an absolute duration ({@code 250ms}), or a
 * factor of the probe's latency measured at the start of the run ({@code 2x}: twice that baseline).
 * At most one of the two is set.
 *
 * @param millis the absolute threshold; 0 when off or relative
 * @param factor the relative threshold; 0 when off or absolute
 */
public record LatencyThreshold(long millis, double factor) implements Serializable {
  /** No threshold. */
  public static final LatencyThreshold OFF = new LatencyThreshold(0, 0);

  public LatencyThreshold {
    check(millis, factor);
  }

  public static LatencyThreshold absolute(long millis) {
    return new LatencyThreshold(millis, 0);
  }

  public static LatencyThreshold relative(double factor) {
    return new LatencyThreshold(0, factor);
  }

  /** Whether the threshold is a factor of the baseline measured at the start of the run. */
  public boolean isRelative() {
    return factor > 0;
  }

  /** Whether a threshold is set at all. */
  public boolean isOn() {
    return millis > 0 || factor > 0;
  }

  /** The value as written in a config: {@code 0}, {@code 250ms} or {@code 2x}. */
  public String describe() {
    if (factor > 0) {
      return BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString() + "x";
    }
    return millis == 0 ? "0" : Millis.describe(millis);
  }

  static void check(long millis, double factor) {
    if (millis < 0 || millis > GovernorSettings.MAX_THRESHOLD_MILLIS) {
      throw new InvalidSettingException(
          "tuning.max_source_latency",
          Millis.describe(millis)
              + " is out of range (expected 0 for off, up to "
              + Millis.describe(GovernorSettings.MAX_THRESHOLD_MILLIS)
              + ")",
          "use a duration such as 500ms or 30s, a factor of the latency measured at the start such"
              + " as 2x, or 0 to turn it off");
    }
    if (factor != 0
        && (Double.isNaN(factor)
            || factor < GovernorSettings.MIN_FACTOR
            || factor > GovernorSettings.MAX_FACTOR)) {
      throw new InvalidSettingException(
          "tuning.max_source_latency",
          factor
              + "x is out of range (expected a factor from "
              + GovernorSettings.MIN_FACTOR
              + "x to "
              + (int) GovernorSettings.MAX_FACTOR
              + "x of the latency measured at the start)",
          "use e.g. 1.3x or 2x, or an absolute duration such as 500ms");
    }
    if (millis > 0 && factor > 0) {
      throw new IllegalArgumentException("a latency threshold is absolute or relative, not both");
    }
  }
}
