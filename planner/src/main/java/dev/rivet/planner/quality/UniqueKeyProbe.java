package dev.rivet.planner.quality;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Asks the source, before a run, whether each key an export's quality contract declares unique is
 * guaranteed by a primary key or unique index, and on request counts the key's duplicates in the
 * source now. The index check reads the catalog only; counting reads every row of the relation (one
 * full scan with a GROUP BY over the key columns). Keys with a NULL column are not counted, as the
 * run's check does not compare them.
 */
public final class UniqueKeyProbe {
  private UniqueKeyProbe() {}

  /** One status per declared key, in the contract's order; none without a contract. */
  public static List<UniqueKeyStatus> probe(
      SourceConnection source, ExportSpec export, boolean countDuplicates) {
    QualityContract contract = export.quality();
    if (contract == null || contract.uniqueColumns().isEmpty()) {
      return List.of();
    }
    Dialect dialect = Dialect.of(source.kind());
    try (Connection connection = SourceConnector.open(source)) {
      connection.setReadOnly(true);
      Catalog catalog = dialect.catalog(connection);
      Map<String, List<String>> indexes =
          export.relation() instanceof TableRef table ? catalog.uniqueIndexes(table) : Map.of();
      List<UniqueKeyStatus> statuses = new ArrayList<>();
      for (List<String> key : contract.uniqueColumns()) {
        String backing = backing(indexes, key).orElse(null);
        Long[] counts =
            countDuplicates ? count(connection, dialect, export, key) : new Long[] {null, null};
        statuses.add(new UniqueKeyStatus(key, backing, counts[0], counts[1]));
      }
      return statuses;
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "export '" + export.name() + "': checking the unique keys of its quality contract");
    }
  }

  /** The first index whose columns are all in {@code key}: unique on them, so on the key too. */
  static Optional<String> backing(Map<String, List<String>> indexes, List<String> key) {
    return indexes.entrySet().stream()
        .filter(e -> key.containsAll(e.getValue()))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** {duplicate keys, extra rows} of {@code key} in the source now. */
  private static Long[] count(
      Connection connection, Dialect dialect, ExportSpec export, List<String> key)
      throws SQLException {
    String columns = key.stream().map(dialect::quote).collect(Collectors.joining(", "));
    String notNull =
        key.stream()
            .map(c -> dialect.quote(c) + " IS NOT NULL")
            .collect(Collectors.joining(" AND "));
    String sql =
        "SELECT COUNT(*), COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM "
            + ChunkQueries.from(dialect, export.relation())
            + " WHERE "
            + notNull
            + " GROUP BY "
            + columns
            + " HAVING COUNT(*) > 1) rivet_duplicates";
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return new Long[] {rs.getLong(1), rs.getLong(2)};
    }
  }
}
