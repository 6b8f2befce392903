package dev.rivet.kernel.plan;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The rows of the last {@code last} complete periods before the run, e.g. the 7 calendar days
 * before today in {@code timeZone}: {@code [start of today - 7 days, start of today)}.
 */
public record TimeWindowMode(String column, Span last, String timeZone) implements ExtractMode {
  public TimeWindowMode {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(last, "last");
    timeZone = timeZone == null ? "UTC" : timeZone;
    ChunkedMode.zone(timeZone);
    if (last.unit() == SpanUnit.KEYS || last.none()) {
      throw new IllegalArgumentException(
          "a time window needs a positive length in time, e.g. 7 days or 24 hours, not '"
              + last
              + "'");
    }
  }

  public ZoneId zone() {
    return ChunkedMode.zone(timeZone);
  }

  @Override
  public String wireName() {
    return "time_window";
  }
}
