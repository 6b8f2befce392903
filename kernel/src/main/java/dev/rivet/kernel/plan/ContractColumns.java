package dev.rivet.kernel.plan;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that every column a quality contract names is a column of the export's result, once the
 * plan knows them: a misspelt column is a configuration error before any row is read.
 */
public final class ContractColumns {
  private ContractColumns() {}

  /**
   * @throws RivetException of kind {@code USER_CONFIG} naming the export, the key and the column
   *     when {@code contract} (may be null) names a column {@code columns} does not have
   */
  public static void check(String export, QualityContract contract, List<SourceColumn> columns) {
    if (contract == null) {
      return;
    }
    List<String> names = columns.stream().map(SourceColumn::name).toList();
    for (Map.Entry<String, String> named : contract.columnsByKey()) {
      String column = named.getValue();
      if (names.contains(column)) {
        continue;
      }
      String sameIgnoringCase =
          names.stream()
              .filter(n -> n.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElse(null);
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export
              + "': "
              + named.getKey()
              + " names column '"
              + column
              + "', which the export does not have"
              + (sameIgnoringCase == null ? "" : " (did you mean '" + sameIgnoringCase + "'?)")
              + "; its columns are "
              + String.join(", ", names),
          "fix the column name under " + named.getKey() + " (names are case-sensitive)");
    }
  }
}
