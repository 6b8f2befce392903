package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;

/**
 * Maps PostgreSQL {@code numeric(p,s)} to the narrowest DECIMAL holding every value of the typmod,
 * or to the exact text when none does. PostgreSQL 15 allows a negative scale ({@code numeric(3,-2)}
 * rounds to hundreds: up to 99,900) and a scale above the precision ({@code numeric(2,5)}: up to
 * 0.00099), which Parquet's DECIMAL(p,s) with 0 &lt;= s &lt;= p cannot annotate as declared: they
 * become DECIMAL(p - s, 0) and DECIMAL(s, s), which hold the same values exactly.
 */
final class PostgresNumerics {
  /**
   * PostgreSQL 15 stores the scale in the typmod's low 11 bits, two's complement; pgjdbc reports
   * those bits unsigned, so -2 arrives as 2046. Scales lie within -1000..1000.
   */
  private static final int SCALE_BITS = 2048;

  private static final int MAX_SCALE = 1000;

  private PostgresNumerics() {}

  /**
   * @param precision as the driver reports it: 0 for unconstrained numeric
   * @param reportedScale as the driver reports it: negative scales as their 11-bit pattern
   */
  static ColumnType map(
      String name, String typeName, int precision, int reportedScale, boolean nullable) {
    int scale = reportedScale > MAX_SCALE ? reportedScale - SCALE_BITS : reportedScale;
    int decimalPrecision;
    int decimalScale;
    if (scale < 0) {
      decimalPrecision = precision - scale;
      decimalScale = 0;
    } else if (scale > precision) {
      decimalPrecision = scale;
      decimalScale = scale;
    } else {
      decimalPrecision = precision;
      decimalScale = scale;
    }
    // Unconstrained numeric is reported as precision 0 (older drivers: 131089).
    boolean fits = precision >= 1 && decimalPrecision <= ColumnType.MAX_DECIMAL_PRECISION;
    return fits
        ? ColumnType.decimal(
            name, typeName, SourceKind.POSTGRESQL, nullable, decimalPrecision, decimalScale)
        : ColumnType.scalar(
            name, typeName, SourceKind.POSTGRESQL, LogicalKind.NUMERIC_TEXT, nullable);
  }
}
