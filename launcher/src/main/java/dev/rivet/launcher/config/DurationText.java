package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.Millis;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses short durations such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h}: a whole
 * number and a unit (case-insensitive, optional space); {@code 0} needs no unit.
 */
final class DurationText {
  private static final Pattern DURATION = Pattern.compile("([0-9][0-9_]*)\\s*([A-Za-z]*)");

  private enum Unit {
    MS(1L),
    S(1000L),
    M(60_000L),
    H(3_600_000L);

    private final long millis;

    Unit(long millis) {
      this.millis = millis;
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final List<String> UNIT_NAMES =
      Arrays.stream(Unit.values()).map(Unit::wireName).collect(Collectors.toUnmodifiableList());

  private DurationText() {}

  /**
   * Milliseconds for {@code text}; an {@link IllegalArgumentException} naming the valid units
   * otherwise.
   */
  static long parseMillis(String text) {
    Matcher m = DURATION.matcher(text.strip());
    String units = String.join(", ", UNIT_NAMES);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration (expected a whole number followed by one of "
              + units
              + ", e.g. 500ms or 2s)");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    String unitName = m.group(2);
    if (unitName.isEmpty()) {
      if (amount == 0) {
        return 0;
      }
      throw new IllegalArgumentException(
          "'" + text + "' has no unit (valid units: " + units + ", e.g. " + amount + "s)");
    }
    Unit unit =
        Arrays.stream(Unit.values())
            .filter(u -> u.wireName().equalsIgnoreCase(unitName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + text
                            + "' has an unknown unit '"
                            + unitName
                            + "'"
                            + DidYouMean.suffix(unitName, UNIT_NAMES)
                            + " (valid units: "
                            + units
                            + ")"));
    try {
      return Math.multiplyExact(amount, unit.millis);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  /** {@code 30000} as {@code 30s}, {@code 60000} as {@code 1m}, in the largest exact unit. */
  static String describe(long millis) {
    return Millis.describe(millis);
  }
}
