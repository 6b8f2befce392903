package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length along a cursor or chunk column: {@code 2h}, {@code 3 days}, {@code 1 month}, or a bare
 * number of key units ({@code 1000}) for integer columns.
 */
public record Span(long amount, SpanUnit unit) implements Serializable {
  private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]*)\\s*");

  public static final Span NONE = new Span(0, SpanUnit.KEYS);

  public Span {
    Objects.requireNonNull(unit, "unit");
    if (amount < 0) {
      throw new IllegalArgumentException("a span cannot be negative, got " + amount);
    }
  }

  /**
   * Parses {@code <n>[ ]<unit>}: units {@code s|sec|second(s)}, {@code m|min|minute(s)}, {@code
   * h|hour(s)}, {@code d|day(s)}, {@code w|week(s)}, {@code month(s)}; no unit means key units.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Span parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a span (expected e.g. 2h, 3 days, 1 month or a number of keys)");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return new Span(amount, SpanUnit.parse(m.group(2), text));
  }

  public boolean none() {
    return amount == 0;
  }

  @Override
  public String toString() {
    return amount + (unit == SpanUnit.KEYS ? "" : " " + unit.name().toLowerCase(Locale.ROOT));
  }
}
