package dev.rivet.pipeline.quality;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.QualityContract;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one run's files against its export's quality contract in one pass over the columns the
 * contract names: row counts from the files' recorded rows, NULL ratios and accepted values counted
 * while reading, uniqueness exactly with a {@link KeySorter} per key (they share {@code
 * sortBufferBytes} of heap and spill to {@code spillDir}). Keys with a NULL in any of their columns
 * are not compared, as in a SQL unique index.
 */
final class QualityEvaluation {
  /** How many offending keys or values a breach lists. */
  static final int EXAMPLES = 10;

  /** The heap all uniqueness checks of one run share by default, before they spill to disk. */
  static final long DEFAULT_SORT_BUFFER_BYTES = 64L * 1024 * 1024;

  private final ExportSpec export;
  private final QualityContract contract;
  private final long sortBufferBytes;
  private final Path spillDir;

  QualityEvaluation(ExportSpec export, long sortBufferBytes, Path spillDir) {
    this.export = export;
    this.contract = export.quality();
    this.sortBufferBytes = sortBufferBytes;
    this.spillDir = spillDir;
  }

  /**
   * @param previousRows the rows of the export's previous published run, or null when none
   */
  QualityReport evaluate(String runId, List<WrittenFile> files, Long previousRows)
      throws IOException {
    long rows = files.stream().mapToLong(WrittenFile::rows).sum();
    List<String> checks = new ArrayList<>();
    List<QualityBreach> breaches = new ArrayList<>();
    rowCounts(rows, previousRows, checks, breaches);
    if (contract.readsValues()) {
      values(files, rows, checks, breaches);
    }
    return new QualityReport(
        export.name(),
        runId,
        contract.onFailure().wireValue(),
        rows,
        contract.rowCountChangeMax() == null ? null : previousRows,
        checks,
        breaches);
  }

  private void rowCounts(
      long rows, Long previousRows, List<String> checks, List<QualityBreach> breaches) {
    String found = rows + " rows";
    if (contract.rowCountMin() != null) {
      checks.add("row_count_min");
      if (rows < contract.rowCountMin()) {
        breaches.add(breach("row_count_min", List.of(), ">= " + contract.rowCountMin(), found));
      }
    }
    if (contract.rowCountMax() != null) {
      checks.add("row_count_max");
      if (rows > contract.rowCountMax()) {
        breaches.add(breach("row_count_max", List.of(), "<= " + contract.rowCountMax(), found));
      }
    }
    if (contract.rowCountChangeMax() != null && previousRows != null) {
      checks.add("row_count_change_max");
      double change =
          previousRows == 0
              ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY)
              : Math.abs(rows - previousRows) / (double) previousRows;
      if (change > contract.rowCountChangeMax()) {
        breaches.add(
            breach(
                "row_count_change_max",
                List.of(),
                percent(contract.rowCountChangeMax()),
                (Double.isInfinite(change) ? "a change from 0" : percent(change) + " change")
                    + " ("
                    + rows
                    + " rows, the previous published run had "
                    + previousRows
                    + ")"));
      }
    }
  }

  private void values(
      List<WrittenFile> files, long rows, List<String> checks, List<QualityBreach> breaches)
      throws IOException {
    List<String> columns = contract.columns();
    long[] nulls = new long[columns.size()];
    List<List<String>> keys = contract.uniqueColumns();
    List<int[]> keyPositions = new ArrayList<>();
    List<KeySorter> sorters = new ArrayList<>();
    List<Map.Entry<Integer, Set<String>>> accepted = new ArrayList<>();
    List<long[]> rejected = new ArrayList<>();
    List<Set<String>> rejectedExamples = new ArrayList<>();
    contract
        .acceptedValues()
        .forEach(
            (column, values) -> {
              accepted.add(Map.entry(columns.indexOf(column), new HashSet<>(values)));
              rejected.add(new long[1]);
              rejectedExamples.add(new LinkedHashSet<>());
            });
    long perKey = Math.max(1, sortBufferBytes / Math.max(1, keys.size()));
    try {
      for (List<String> key : keys) {
        keyPositions.add(key.stream().mapToInt(columns::indexOf).toArray());
        sorters.add(new KeySorter(perKey, spillDir));
      }
      RunFileRows reader = new RunFileRows(export.name(), columns);
      for (WrittenFile file : files) {
        reader.read(
            file,
            export.format(),
            export.compression(),
            row -> {
              for (int c = 0; c < row.length; c++) {
                if (row[c] == null) {
                  nulls[c]++;
                }
              }
              for (int k = 0; k < sorters.size(); k++) {
                byte[] key = key(row, keyPositions.get(k));
                if (key != null) {
                  sorters.get(k).add(key);
                }
              }
              for (int a = 0; a < accepted.size(); a++) {
                String value = row[accepted.get(a).getKey()];
                if (value != null && !accepted.get(a).getValue().contains(value)) {
                  rejected.get(a)[0]++;
                  Set<String> examples = rejectedExamples.get(a);
                  if (examples.size() < EXAMPLES) {
                    examples.add(value);
                  }
                }
              }
            });
      }
      contract
          .nullRatioMax()
          .forEach(
              (column, max) -> {
                checks.add("null_ratio_max [" + column + "]");
                long found = nulls[columns.indexOf(column)];
                double ratio = rows == 0 ? 0 : found / (double) rows;
                if (ratio > max) {
                  breaches.add(
                      breach(
                          "null_ratio_max",
                          List.of(column),
                          percent(max),
                          percent(ratio) + " NULL (" + found + " of " + rows + " rows)"));
                }
              });
      for (int k = 0; k < keys.size(); k++) {
        checks.add("unique_columns " + keys.get(k));
        KeySorter.Duplicates found = sorters.get(k).duplicates(EXAMPLES);
        if (found.duplicateRows() > 0) {
          breaches.add(
              new QualityBreach(
                  "unique_columns",
                  keys.get(k),
                  "each key once",
                  found.duplicateKeys()
                      + " key(s) occur more than once ("
                      + found.duplicateRows()
                      + " extra row(s))",
                  found.first().stream().map(CompositeKey::describe).toList()));
        }
      }
      int a = 0;
      for (Map.Entry<String, List<String>> entry : contract.acceptedValues().entrySet()) {
        checks.add("accepted_values [" + entry.getKey() + "]");
        long found = rejected.get(a)[0];
        if (found > 0) {
          breaches.add(
              new QualityBreach(
                  "accepted_values",
                  List.of(entry.getKey()),
                  String.join(", ", entry.getValue()),
                  found + " row(s) with another value",
                  List.copyOf(rejectedExamples.get(a))));
        }
        a++;
      }
    } finally {
      sorters.forEach(KeySorter::close);
    }
  }

  /** The key's bytes, or null when one of its values is NULL. */
  private static byte[] key(String[] row, int[] positions) {
    List<String> values = new ArrayList<>(positions.length);
    for (int p : positions) {
      if (row[p] == null) {
        return null;
      }
      values.add(row[p]);
    }
    return CompositeKey.encode(values);
  }

  private static QualityBreach breach(
      String check, List<String> columns, String limit, String found) {
    return new QualityBreach(check, columns, limit, found, List.of());
  }

  /** {@code 0.05} as {@code 5%}, {@code 0.125} as {@code 12.5%}. */
  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100)
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
