package dev.rivet.kernel.plan;

import java.util.Locale;

/** The unit of a {@link Span}. Days, weeks and months are calendar units in a time zone. */
public enum SpanUnit {
  /** Values of an integer column, or days of a date column. */
  KEYS,
  SECONDS,
  MINUTES,
  HOURS,
  DAYS,
  WEEKS,
  MONTHS;

  static SpanUnit parse(String unit, String whole) {
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "":
        return KEYS;
      case "s":
      case "sec":
      case "second":
      case "seconds":
        return SECONDS;
      case "m":
      case "min":
      case "minute":
      case "minutes":
        return MINUTES;
      case "h":
      case "hour":
      case "hours":
        return HOURS;
      case "d":
      case "day":
      case "days":
        return DAYS;
      case "w":
      case "week":
      case "weeks":
        return WEEKS;
      case "month":
      case "months":
        return MONTHS;
      default:
        throw new IllegalArgumentException(
            "'"
                + whole
                + "' has an unknown unit '"
                + unit
                + "' (valid: seconds, minutes, hours, days, weeks, months, or none for key units)");
    }
  }

  /** Whether the unit is fixed in time (not a calendar unit that depends on a time zone). */
  public boolean isFixed() {
    return this == SECONDS || this == MINUTES || this == HOURS;
  }
}
