package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.SourceColumn;
import java.util.Locale;

/**
 * How a table export reads PostgreSQL {@code money}: as {@code numeric} (the select list casts it),
 * at the scale the server's {@code lc_monetary} gives it, which planning records as the column's
 * scale with precision {@value #PRECISION}. A money column without that precision (a query's result
 * column, a plan made before) keeps its text form.
 */
public final class PostgresMoney {
  /** Digits of money's 64-bit amount (9,223,372,036,854,775,807 in the smallest unit). */
  public static final int PRECISION = 19;

  private PostgresMoney() {}

  /** Whether {@code typeName} is PostgreSQL's money. */
  static boolean isMoney(String typeName) {
    return typeName.toLowerCase(Locale.ROOT).equals("money");
  }

  /** Whether the column is money that the select list reads as numeric. */
  public static boolean readAsNumeric(SourceColumn column) {
    return isMoney(column.typeName()) && column.precision() == PRECISION;
  }
}
