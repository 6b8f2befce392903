package dev.rivet.pipeline.read;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one chunk read within its export's memory budget. The first fetch reads as many rows as the
 * planner's row width estimate lets fit the budget ({@link ExportPlan#fetchSize}); then the bytes
 * actually read decide: each row's values in columns that can hold large values (no declared width,
 * or more than {@value MemorySettings#MEASURED_ABOVE_CHARS} characters) are measured, and when the
 * rows read so far turn out wider than the estimate the fetch size shrinks for the next fetches
 * ({@link ResultSet#setFetchSize}, which pgjdbc and MariaDB Connector/J honour between fetches); it
 * grows back, never above the first fetch size, when they turn out narrower. A value larger than
 * {@code max_value_size} fails the chunk with {@link FailureKind#MEMORY} before it is decoded. Not
 * thread-safe: one per statement.
 */
final class FetchBudget {
  private static final Logger LOG = LoggerFactory.getLogger(FetchBudget.class);

  /** Bytes counted for each column that is not measured, and for each row's own overhead. */
  static final long UNMEASURED_COLUMN_BYTES = 8;

  private static final Set<Integer> VARIABLE_WIDTH =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB,
          Types.BINARY,
          Types.VARBINARY,
          Types.LONGVARBINARY,
          Types.BLOB,
          Types.ARRAY,
          Types.OTHER,
          Types.SQLXML,
          Types.JAVA_OBJECT,
          Types.STRUCT);

  private final ExportPlan plan;
  private final MemoryBudget budget;
  private final int[] measured;
  private final long unmeasuredBytes;
  private final int firstFetchSize;
  private int fetchSize;
  private long rows;
  private long bytes;

  private FetchBudget(ExportPlan plan, MemoryBudget budget, int[] measured, int firstFetchSize) {
    this.plan = plan;
    this.budget = budget;
    this.measured = measured;
    this.unmeasuredBytes = UNMEASURED_COLUMN_BYTES * (plan.columns().size() - measured.length + 1);
    this.firstFetchSize = firstFetchSize;
    this.fetchSize = firstFetchSize;
  }

  /** The budget of one reader of {@code plan} in a JVM whose max heap is {@code maxHeapBytes}. */
  static FetchBudget of(ExportPlan plan, long maxHeapBytes) {
    List<Integer> measured = new ArrayList<>();
    for (int i = 0; i < plan.columns().size(); i++) {
      if (isMeasured(plan.columns().get(i))) {
        measured.add(i + 1);
      }
    }
    return new FetchBudget(
        plan,
        plan.budget(maxHeapBytes),
        measured.stream().mapToInt(Integer::intValue).toArray(),
        plan.fetchSize(maxHeapBytes));
  }

  /** Whether values of {@code column} may be large enough to matter to a budget. */
  static boolean isMeasured(SourceColumn column) {
    return VARIABLE_WIDTH.contains(column.jdbcType())
        && (column.precision() <= 0 || column.precision() > MemorySettings.MEASURED_ABOVE_CHARS);
  }

  /** e.g. {@code first fetch 32 rows (budget 33554432 bytes, rows ~1048576 bytes)}. */
  String describe() {
    return "first fetch "
        + firstFetchSize
        + " rows (budget "
        + budget.budgetBytes()
        + " bytes, rows ~"
        + plan.averageRowBytes()
        + " bytes, "
        + measured.length
        + " column(s) measured)";
  }

  /** The rows the next fetch reads. */
  int fetchSize() {
    return fetchSize;
  }

  /**
   * Measures the current row of {@code rs} before it is decoded, refusing a value larger than the
   * limit, and adjusts the result set's fetch size to the width of the rows read so far.
   *
   * @param doing which export, chunk and range is read, for the error
   */
  void observe(ResultSet rs, String doing) throws SQLException {
    if (measured.length == 0) {
      return;
    }
    long rowBytes = unmeasuredBytes;
    for (int column : measured) {
      byte[] value = rs.getBytes(column);
      if (value == null) {
        continue;
      }
      if (value.length > budget.maxValueBytes()) {
        throw tooLarge(rs, column, value.length, doing);
      }
      rowBytes += value.length;
    }
    rows++;
    bytes += rowBytes;
    int target = budget.fetchSize(firstFetchSize, Math.max(rowBytes, bytes / rows));
    if (target < fetchSize || target >= 2L * fetchSize) {
      LOG.debug(
          "{}: rows read are about {} bytes wide: next fetches read {} rows instead of {}",
          doing,
          Math.max(rowBytes, bytes / rows),
          target,
          fetchSize);
      fetchSize = target;
      rs.setFetchSize(target);
    }
  }

  /**
   * Refuses a value of a row read through a source's binary read (which has no fetch size) that is
   * larger than the limit, as {@link #observe(ResultSet, String)} does for JDBC rows.
   */
  void observe(SourceRow row, String doing) throws SQLException {
    for (int column : measured) {
      long length = row.sentBytes(column);
      if (length > budget.maxValueBytes()) {
        throw tooLarge(column, length, keyOf(row), doing);
      }
    }
    rows++;
  }

  private String keyOf(SourceRow row) throws SQLException {
    if (plan.splitKey() != null) {
      for (int i = 0; i < plan.columns().size(); i++) {
        if (plan.columns().get(i).name().equals(plan.splitKey().column())) {
          ColumnType type = OutputTypes.of(plan).get(i);
          Object value =
              row.value(new ColumnReader(type, i + 1, ValuePolicies.of(plan), new WarningCounts()));
          return plan.splitKey().column() + " = " + value;
        }
      }
    }
    return "the chunk has no key column, at row " + (rows + 1) + " of the statement";
  }

  private RivetException tooLarge(ResultSet rs, int column, long length, String doing)
      throws SQLException {
    return tooLarge(column, length, rowKey(rs), doing);
  }

  private RivetException tooLarge(int column, long length, String key, String doing) {
    String name = plan.columns().get(column - 1).name();
    return new RivetException(
        FailureKind.MEMORY,
        doing
            + ": column "
            + name
            + " holds a value of "
            + length
            + " bytes in the row where "
            + key
            + ", more than max_value_size ("
            + budget.maxValueBytes()
            + " bytes)",
        "raise max_value_size (and the heap, -Xmx: a value is held several times while it is"
            + " written) if such values belong in the export, or leave column "
            + name
            + " out of it (a query export that selects the other columns)");
  }

  /** e.g. {@code id = 42}, or the row's number in the statement when the plan has no key. */
  private String rowKey(ResultSet rs) throws SQLException {
    if (plan.splitKey() != null) {
      for (int i = 0; i < plan.columns().size(); i++) {
        if (plan.columns().get(i).name().equals(plan.splitKey().column())) {
          return plan.splitKey().column() + " = " + rs.getString(i + 1);
        }
      }
    }
    return "the chunk has no key column, at row " + (rows + 1) + " of the statement";
  }
}
