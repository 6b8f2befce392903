package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.Millis;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses short durations such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h}: a whole
 * number and a unit (case-insensitive, optional space); {@code 0} needs no unit.
 */
public final class DurationText {
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

  /** A word people write for a duration unit: {@code per} of {@code unit} each. */
  private record Alias(Unit unit, long per) {}

  /**
   * What a unit this grammar lacks means, so that a suggestion keeps the duration: {@code 5min} is
   * {@code 5m} and {@code 2d} is {@code 48h}. No suggestion is made by spelling alone, which would
   * turn {@code min} into {@code ms}.
   */
  private static final Map<String, Alias> ALIASES = aliases();

  private DurationText() {}

  /**
   * Milliseconds for {@code text}; an {@link IllegalArgumentException} naming the valid units
   * otherwise.
   */
  public static long parseMillis(String text) {
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
                            + suggestion(amount, unitName)
                            + " (valid units: "
                            + units
                            + ")"));
    try {
      return Math.multiplyExact(amount, unit.millis);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  /**
   * {@code "; did you mean '5m'?"} for {@code 5 min}, or empty when the unit means nothing known.
   */
  private static String suggestion(long amount, String unitName) {
    Alias alias = ALIASES.get(unitName.toLowerCase(Locale.ROOT));
    if (alias == null) {
      return "";
    }
    try {
      return "; did you mean '"
          + Math.multiplyExact(amount, alias.per())
          + alias.unit().wireName()
          + "'?";
    } catch (ArithmeticException tooLarge) {
      return "";
    }
  }

  private static Map<String, Alias> aliases() {
    Map<String, Alias> aliases = new HashMap<>();
    for (String word : List.of("msec", "msecs", "milli", "millis", "millisecond", "milliseconds")) {
      aliases.put(word, new Alias(Unit.MS, 1));
    }
    for (String word : List.of("sec", "secs", "second", "seconds")) {
      aliases.put(word, new Alias(Unit.S, 1));
    }
    for (String word : List.of("min", "mins", "minute", "minutes")) {
      aliases.put(word, new Alias(Unit.M, 1));
    }
    for (String word : List.of("hr", "hrs", "hour", "hours")) {
      aliases.put(word, new Alias(Unit.H, 1));
    }
    for (String word : List.of("d", "day", "days")) {
      aliases.put(word, new Alias(Unit.H, 24));
    }
    for (String word : List.of("w", "wk", "wks", "week", "weeks")) {
      aliases.put(word, new Alias(Unit.H, 7 * 24));
    }
    return Map.copyOf(aliases);
  }

  /** {@code 30000} as {@code 30s}, {@code 60000} as {@code 1m}, in the largest exact unit. */
  public static String describe(long millis) {
    return Millis.describe(millis);
  }
}
