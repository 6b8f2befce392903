package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data contract of one export ({@code quality:} in the config): what a run's data must satisfy
 * before the run is published. Checked across the whole run, whatever wrote its files. Every check
 * is optional; a null bound or an empty collection checks nothing.
 *
 * @param rowCountMin the fewest rows a run may have, or null
 * @param rowCountMax the most rows a run may have, or null
 * @param rowCountChangeMax the largest relative change of the row count against the export's
 *     previous published run (0.5 = 50%), or null
 * @param nullRatioMax per column, the largest fraction of rows (0 to 1) that may be NULL
 * @param uniqueColumns column sets whose non-NULL values must be unique over the run; one column is
 *     a set of one
 * @param acceptedValues per column, the only texts its non-NULL values may have
 * @param onFailure what a breach does; null reads as {@link OnQualityFailure#DEFAULT}
 */
public record QualityContract(
    Long rowCountMin,
    Long rowCountMax,
    Double rowCountChangeMax,
    Map<String, Double> nullRatioMax,
    List<List<String>> uniqueColumns,
    Map<String, List<String>> acceptedValues,
    OnQualityFailure onFailure)
    implements Serializable {

  public QualityContract {
    nullRatioMax = sorted(nullRatioMax == null ? Map.of() : nullRatioMax);
    uniqueColumns =
        uniqueColumns == null ? List.of() : uniqueColumns.stream().map(List::copyOf).toList();
    acceptedValues = sorted(acceptedValues == null ? Map.of() : acceptedValues);
    if (onFailure == null) {
      onFailure = OnQualityFailure.DEFAULT;
    }
    if (rowCountMin != null && rowCountMin < 0) {
      throw invalid("quality.row_count_min", rowCountMin + " is negative", "use 0 or more");
    }
    if (rowCountMax != null && rowCountMax < 0) {
      throw invalid("quality.row_count_max", rowCountMax + " is negative", "use 0 or more");
    }
    if (rowCountMin != null && rowCountMax != null && rowCountMin > rowCountMax) {
      throw invalid(
          "quality.row_count_max",
          rowCountMax + " is below row_count_min " + rowCountMin,
          "make row_count_max at least row_count_min");
    }
    if (rowCountChangeMax != null && !(rowCountChangeMax >= 0)) {
      throw invalid(
          "quality.row_count_change_max",
          rowCountChangeMax + " is negative",
          "write a percentage such as 50% (or a fraction such as 0.5)");
    }
    nullRatioMax.forEach(
        (column, ratio) -> {
          if (ratio == null || !(ratio >= 0 && ratio <= 1)) {
            throw invalid(
                "quality.null_ratio_max." + column,
                ratio + " is out of range (expected 0 to 1, or 0% to 100%)",
                "write a fraction such as 0.05 or a percentage such as 5%");
          }
        });
    for (List<String> set : uniqueColumns) {
      if (set.isEmpty() || new LinkedHashSet<>(set).size() != set.size()) {
        throw invalid(
            "quality.unique_columns",
            set + " must name at least one column, each once",
            "write unique_columns: [id] or, for a composite key, [[a, b]]");
      }
    }
    acceptedValues.forEach(
        (column, values) -> {
          if (values.isEmpty()) {
            throw invalid(
                "quality.accepted_values." + column,
                "the list of accepted values is empty",
                "list at least one value, e.g. [new, paid]");
          }
        });
  }

  /** Whether any check needs the run's values, not only its row counts. */
  public boolean readsValues() {
    return !nullRatioMax.isEmpty() || !uniqueColumns.isEmpty() || !acceptedValues.isEmpty();
  }

  /** Every column the contract names, each once, in the order the checks name them. */
  public List<String> columns() {
    LinkedHashSet<String> columns = new LinkedHashSet<>(nullRatioMax.keySet());
    uniqueColumns.forEach(columns::addAll);
    columns.addAll(acceptedValues.keySet());
    return List.copyOf(columns);
  }

  /** Each column the contract names with the key that names it, e.g. {@code unique_columns}. */
  public List<Map.Entry<String, String>> columnsByKey() {
    List<Map.Entry<String, String>> named = new ArrayList<>();
    nullRatioMax.keySet().forEach(c -> named.add(Map.entry("quality.null_ratio_max", c)));
    uniqueColumns.forEach(s -> s.forEach(c -> named.add(Map.entry("quality.unique_columns", c))));
    acceptedValues.keySet().forEach(c -> named.add(Map.entry("quality.accepted_values", c)));
    return named;
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    Map<String, V> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put(k, v instanceof List<?> list ? castList(list) : v));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static <V> V castList(List<?> list) {
    return (V) List.copyOf(list);
  }

  private static InvalidSettingException invalid(String key, String message, String hint) {
    return new InvalidSettingException(key, message, hint);
  }
}
