package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.LatencyThreshold;
import java.util.Locale;

/**
 * Reads {@code tuning.max_source_latency}: a duration such as {@code 250ms} (absolute), a factor
 * such as {@code 2x} or {@code 1.3x} (of the probe's latency measured at the start of the run), or
 * {@code 0} (off). The factor's range is the kernel record's to check.
 */
final class LatencyThresholdText {
  private static final String FACTOR = "[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)x";

  private LatencyThresholdText() {}

  static LatencyThreshold parse(ConfigNode node) {
    String text = node.text().strip().toLowerCase(Locale.ROOT);
    if (text.endsWith("x")) {
      if (!text.matches(FACTOR)) {
        throw node.error(
            "'" + node.text() + "' is not a factor",
            "write a duration such as 500ms, a factor of the latency measured at the start such as"
                + " 2x or 1.3x, or 0 to turn it off");
      }
      try {
        return LatencyThreshold.relative(Double.parseDouble(text.substring(0, text.length() - 1)));
      } catch (InvalidSettingException e) {
        throw node.error(e.getMessage(), e.hint());
      }
    }
    try {
      DurationText.parseMillis(node.text());
    } catch (IllegalArgumentException e) {
      throw node.error(
          "'" + node.text() + "' is neither a duration nor a factor",
          "write a duration such as 500ms, a factor of the latency measured at the start such as"
              + " 2x or 1.3x, or 0 to turn it off");
    }
    return LatencyThreshold.absolute(node.durationMillis(GovernorSettings.MAX_THRESHOLD_MILLIS));
  }
}
