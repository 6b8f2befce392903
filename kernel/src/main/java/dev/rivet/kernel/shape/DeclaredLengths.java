package dev.rivet.kernel.shape;

import dev.rivet.kernel.plan.SourceColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared length in characters of each fixed- or bounded-length text column of a plan, e.g.
 * 255 for varchar(255), from the precision the driver reported at plan time. Unbounded text (the
 * driver reports no precision, or {@link Integer#MAX_VALUE}) has none.
 */
public final class DeclaredLengths {
  // java.sql.Types codes; the kernel does not depend on java.sql.
  private static final int CHAR = 1;
  private static final int VARCHAR = 12;
  private static final int NCHAR = -15;
  private static final int NVARCHAR = -9;

  private DeclaredLengths() {}

  public static Map<String, Integer> of(List<SourceColumn> columns) {
    Map<String, Integer> lengths = new LinkedHashMap<>();
    for (SourceColumn column : columns) {
      if (isBoundedText(column.jdbcType())
          && column.precision() > 0
          && column.precision() < Integer.MAX_VALUE) {
        lengths.put(column.name(), column.precision());
      }
    }
    return lengths;
  }

  private static boolean isBoundedText(int jdbcType) {
    return jdbcType == VARCHAR || jdbcType == CHAR || jdbcType == NVARCHAR || jdbcType == NCHAR;
  }
}
