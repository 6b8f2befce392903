package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an export's {@code columns:} overrides: the source column it applies to and the
 * output type it asks for; precision and scale only for {@link OverrideTarget#DECIMAL}, with 1
 * &lt;= precision &lt;= 38 and 0 &lt;= scale &lt;= precision, as Parquet's DECIMAL allows.
 */
public record ColumnOverride(String column, OverrideTarget target, int precision, int scale)
    implements Serializable {
  /** The widest DECIMAL an override can ask for (Parquet's commonly readable maximum). */
  public static final int MAX_PRECISION = 38;

  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)");

  public ColumnOverride {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(target, "target");
    if (target == OverrideTarget.DECIMAL) {
      if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "decimal("
                + precision
                + ","
                + scale
                + ") needs 1 <= p <= "
                + MAX_PRECISION
                + " and 0 <= s <= p");
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException("precision and scale apply only to decimal(p,s)");
    }
  }

  /**
   * The override of {@code column} written as {@code text} in the config.
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static ColumnOverride parse(String column, String text) {
    OverrideTarget target = OverrideTarget.parse(text);
    if (target != OverrideTarget.DECIMAL) {
      return new ColumnOverride(column, target, 0, 0);
    }
    Matcher m = DECIMAL.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not decimal(p,s) with two numbers, e.g. decimal(12,2); valid values: "
              + OverrideTarget.validValues());
    }
    return new ColumnOverride(
        column, target, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The config form: {@code int64}, {@code decimal(12,2)}. */
  public String describe() {
    return target == OverrideTarget.DECIMAL
        ? "decimal(" + precision + "," + scale + ")"
        : target.wireValue();
  }
}
