package dev.rivet.pipeline.write;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads every column of the current row into one reused array, followed by the row's lineage
 * values, profiles the source's columns ({@link ColumnProfiler}), and locates value errors by
 * export, file and row number.
 */
final class RowReader {
  private final ColumnReader[] readers;
  private final Object[] row;
  private final String location;
  private final LineageColumns lineage;
  private final ColumnProfiler profiler;

  /**
   * @param types the source's columns, read from the result set
   * @param lineage the lineage columns appended after them
   */
  RowReader(
      List<ColumnType> types,
      LineageColumns lineage,
      ValuePolicies policies,
      WarningCounts warnings,
      String location) {
    this.readers = new ColumnReader[types.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = new ColumnReader(types.get(i), i + 1, policies, warnings);
    }
    this.row = new Object[lineage.width()];
    this.location = location;
    this.lineage = lineage;
    this.profiler = ColumnProfiler.of(types);
  }

  /** The profile of the rows read so far (a live counter). */
  ColumnProfiler profiler() {
    return profiler;
  }

  /** The current row's values; the array is overwritten by the next call. */
  Object[] read(SourceRow source, long rowNumber) throws SQLException {
    try {
      for (int i = 0; i < readers.length; i++) {
        row[i] = source.value(readers[i]);
      }
      profiler.observe(row);
      lineage.fill(row);
      return row;
    } catch (RivetException e) {
      throw located(e, rowNumber);
    }
  }

  /** The same failure with the export, file and 1-based row number appended to its message. */
  RivetException located(RivetException e, long rowNumber) {
    return new RivetException(
        e.kind(), e.getMessage() + " (" + location + ", row " + rowNumber + ")", e.hint(), e);
  }
}
