package dev.rivet.pipeline.write;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.ResultLayout;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every column of the current row into one reused array, followed by the row's lineage
 * values, profiles the source's columns ({@link ColumnProfiler}), and locates value errors by
 * export, file and the row's key values (its split key column and fallbacks), or its position in
 * the file when the plan reads without a key.
 */
final class RowReader {
  /** Key values longer than this are cut in messages. */
  private static final int MAX_KEY_TEXT = 64;

  private final ColumnReader[] readers;
  private final Object[] row;
  private final String location;
  private final LineageColumns lineage;
  private final ColumnProfiler profiler;
  private final int[] keyColumns;
  private final Map<Integer, ColumnReader> keyReaders = new HashMap<>();

  /**
   * @param types the source's columns, read from the result set
   * @param lineage the lineage columns appended after them
   * @param key the plan's split key, or null when the plan reads without one
   */
  RowReader(
      List<ColumnType> types,
      LineageColumns lineage,
      ValuePolicies policies,
      WarningCounts warnings,
      String location,
      SplitKey key) {
    this.readers = ResultLayout.readers(types, policies, warnings);
    this.row = new Object[lineage.width()];
    this.location = location;
    this.lineage = lineage;
    this.profiler = ColumnProfiler.of(types);
    this.keyColumns = keyColumns(types, key, policies);
  }

  private int[] keyColumns(List<ColumnType> types, SplitKey key, ValuePolicies policies) {
    if (key == null) {
      return new int[0];
    }
    List<String> names = new ArrayList<>();
    names.add(key.column());
    names.addAll(key.fallback());
    List<Integer> indexes = new ArrayList<>();
    for (String name : names) {
      for (int i = 0; i < types.size(); i++) {
        if (types.get(i).name().equals(name)) {
          indexes.add(i);
          // A separate reader, so that reading a key for a message counts no warning.
          keyReaders.put(i, new ColumnReader(types.get(i), i + 1, policies, new WarningCounts()));
          break;
        }
      }
    }
    return indexes.stream().mapToInt(Integer::intValue).toArray();
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
      throw located(e, source, rowNumber);
    }
  }

  /**
   * The same failure with the export, file and the row appended to its message: {@code the row
   * where id = 42} when the plan has a key, else {@code row 8 of the file}.
   */
  RivetException located(RivetException e, SourceRow source, long rowNumber) {
    String row;
    if (keyColumns.length == 0) {
      row = "row " + rowNumber + " of the file (the export is read without a key)";
    } else {
      String key = keyText(source);
      row =
          key == null
              ? "row " + rowNumber + " of the file (its key value cannot be read either)"
              : "the row where " + key;
    }
    return new RivetException(
        e.kind(), e.getMessage() + " (" + location + ", " + row + ")", e.hint(), e);
  }

  /** e.g. {@code id = 42}, or null when a key value cannot be read. */
  private String keyText(SourceRow source) {
    List<String> parts = new ArrayList<>();
    for (int index : keyColumns) {
      ColumnReader reader = keyReaders.get(index);
      Object value;
      try {
        value = source.value(reader);
      } catch (SQLException | RuntimeException unreadable) {
        // The key itself holds the value that failed (e.g. an infinite timestamp key).
        return null;
      }
      String text = value == null ? "NULL" : CsvText.format(reader.type(), value);
      if (text.length() > MAX_KEY_TEXT) {
        text = text.substring(0, MAX_KEY_TEXT) + "…";
      }
      parts.add(reader.type().name() + " = " + text);
    }
    return String.join(", ", parts);
  }
}
