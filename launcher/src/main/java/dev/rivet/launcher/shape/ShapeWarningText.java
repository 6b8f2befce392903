package dev.rivet.launcher.shape;

import dev.rivet.kernel.shape.ShapeWarning;
import java.util.Locale;

/** Renders a shape drift warning as one line for people. */
public final class ShapeWarningText {
  private ShapeWarningText() {}

  public static String describe(ShapeWarning w) {
    switch (w.code()) {
      case MAX_BYTES_GREW:
        return String.format(
            Locale.ROOT,
            "column %s: longest value grew from %d to %d bytes, more than %s times run %s"
                + " (shape_drift_warn_factor)",
            w.column(),
            Math.round(w.previous()),
            Math.round(w.current()),
            number(w.limit()),
            w.previousRunId());
      case NULL_RATIO_JUMPED:
        return String.format(
            Locale.ROOT,
            "column %s: NULL share rose from %s to %s, by at least %s since run %s"
                + " (shape_drift_null_ratio_jump)",
            w.column(),
            percent(w.previous()),
            percent(w.current()),
            percent(w.limit()),
            w.previousRunId());
      case NEAR_DECLARED_LENGTH:
        return String.format(
            Locale.ROOT,
            "column %s: longest value has %d characters, at least %s of its declared length %d;"
                + " longer values will not fit the source column's type much longer",
            w.column(),
            Math.round(w.current()),
            percent(w.limit()),
            Math.round(w.previous()));
      default:
        throw new IllegalStateException("unhandled shape warning " + w.code());
    }
  }

  /** A ratio as a percentage with one decimal, e.g. {@code 25.0%}. */
  public static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
