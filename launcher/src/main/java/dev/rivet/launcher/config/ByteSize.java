package dev.rivet.launcher.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses sizes such as {@code 64MiB}, {@code 128MB} or {@code 67108864}: KB, MB, GB are powers of
 * 1000 and KiB, MiB, GiB powers of 1024 (IEC 80000-13); units are case-insensitive.
 */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("([0-9][0-9_]*)\\s*([A-Za-z]*)");

  private enum Unit {
    B(1L),
    KB(1000L),
    MB(1000L * 1000),
    GB(1000L * 1000 * 1000),
    KiB(1024L),
    MiB(1024L * 1024),
    GiB(1024L * 1024 * 1024);

    private final long bytes;

    Unit(long bytes) {
      this.bytes = bytes;
    }
  }

  private static final List<String> UNIT_NAMES =
      Arrays.stream(Unit.values()).map(Unit::name).collect(Collectors.toUnmodifiableList());

  private ByteSize() {}

  /**
   * Bytes for {@code text}; an {@link IllegalArgumentException} naming the valid units otherwise.
   */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    String units = String.join(", ", UNIT_NAMES);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a size (expected a whole number of bytes, optionally followed by one of "
              + units
              + ")");
    }
    String unitName = m.group(2).isEmpty() ? "B" : m.group(2);
    Unit unit =
        Arrays.stream(Unit.values())
            .filter(u -> u.name().equalsIgnoreCase(unitName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + text
                            + "' has an unknown unit '"
                            + unitName
                            + "'"
                            + suggestion(m.group(1), unitName)
                            + " (valid units: "
                            + units
                            + ")"));
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1).replace("_", "")), unit.bytes);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  /**
   * {@code "; did you mean '64MB'?"} for a unit of the same magnitude as {@code unitName} (its
   * first letter), both units for a bare {@code k}, {@code m} or {@code g} (1000- or 1024-based), a
   * tera size in giga units; empty otherwise. Never a unit of another magnitude: {@code 2TB} is not
   * {@code 2B}.
   */
  private static String suggestion(String amount, String unitName) {
    String typed = unitName.toLowerCase(Locale.ROOT);
    if (typed.equals("byte") || typed.equals("bytes")) {
      return "; did you mean '" + amount + "B'?";
    }
    if (typed.equals("t") || typed.equals("tb") || typed.equals("tib")) {
      boolean binary = typed.equals("tib");
      try {
        long giga =
            Math.multiplyExact(Long.parseLong(amount.replace("_", "")), binary ? 1024 : 1000);
        return "; did you mean '" + giga + (binary ? "GiB" : "GB") + "'?";
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        return "";
      }
    }
    List<String> sameMagnitude =
        UNIT_NAMES.stream()
            .filter(u -> u.regionMatches(true, 0, typed, 0, 1))
            .collect(Collectors.toList());
    if (typed.length() == 1 && sameMagnitude.size() == 2) {
      return "; did you mean '"
          + amount
          + sameMagnitude.get(1)
          + "' (1024-based) or '"
          + amount
          + sameMagnitude.get(0)
          + "' (1000-based)?";
    }
    return DidYouMean.among(unitName, sameMagnitude)
        .map(u -> "; did you mean '" + amount + u + "'?")
        .orElse("");
  }

  /**
   * {@code 1073741824} as {@code 1GiB}, {@code 1048576} as {@code 1MiB}, other values as {@code
   * 1000B}: always text that {@link #parse} reads back as {@code bytes}, since users copy it into
   * their config.
   */
  static String describe(long bytes) {
    for (Unit unit : List.of(Unit.GiB, Unit.MiB, Unit.KiB)) {
      if (bytes != 0 && bytes % unit.bytes == 0) {
        return bytes / unit.bytes + unit.name();
      }
    }
    return bytes + "B";
  }
}
