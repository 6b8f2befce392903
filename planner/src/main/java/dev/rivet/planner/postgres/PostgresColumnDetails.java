package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the driver's description of a table's columns lacks, from the catalog and one-row queries,
 * never from the table's rows: the dimensions declared for array columns ({@code
 * pg_attribute.attndims}, 2 for {@code int[][]}) and, for {@code money}, the scale the server's
 * {@code lc_monetary} gives it as numeric.
 */
final class PostgresColumnDetails {
  private static final String DIMENSIONS =
      "SELECT a.attname, a.attndims FROM pg_attribute a"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
          + " AND a.attndims > 1";

  /** money_numeric gives the value lc_monetary's fraction digits as its scale. */
  private static final String MONEY_SCALE = "SELECT scale('1'::money::numeric)";

  private PostgresColumnDetails() {}

  static List<SourceColumn> add(
      Connection connection, Dialect dialect, TableRef table, List<SourceColumn> columns) {
    boolean arrays = columns.stream().anyMatch(c -> c.jdbcType() == Types.ARRAY);
    boolean money = columns.stream().anyMatch(c -> PostgresMoney.isMoney(c.typeName()));
    if (!arrays && !money) {
      return columns;
    }
    try {
      Map<String, Integer> dimensions = arrays ? dimensions(connection, dialect, table) : Map.of();
      int moneyScale = money ? moneyScale(connection) : 0;
      List<SourceColumn> detailed = new ArrayList<>(columns.size());
      for (SourceColumn column : columns) {
        if (PostgresMoney.isMoney(column.typeName())) {
          detailed.add(column.withPrecision(PostgresMoney.PRECISION, moneyScale));
        } else if (dimensions.containsKey(column.name())) {
          detailed.add(column.withDimensions(dimensions.get(column.name())));
        } else {
          detailed.add(column);
        }
      }
      return List.copyOf(detailed);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the column types of " + table.describe());
    }
  }

  private static Map<String, Integer> dimensions(
      Connection connection, Dialect dialect, TableRef table) throws SQLException {
    Map<String, Integer> dimensions = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(DIMENSIONS)) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          dimensions.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return dimensions;
  }

  private static int moneyScale(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(MONEY_SCALE);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
