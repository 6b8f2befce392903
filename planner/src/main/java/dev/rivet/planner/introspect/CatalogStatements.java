package dev.rivet.planner.introspect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.sql.ChunkQueries;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog statements every dialect runs the same way (key positions: {@link KeyQueries}). */
public final class CatalogStatements {

  private CatalogStatements() {}

  /** The columns {@code SELECT *} of the relation returns, as the driver describes them. */
  public static List<SourceColumn> columns(
      Connection connection, Dialect dialect, Relation relation) {
    return describe(connection, dialect, relation, "*");
  }

  /** The named columns of the relation, in the given order, as the driver describes them. */
  public static List<SourceColumn> columns(
      Connection connection, Dialect dialect, Relation relation, List<String> names) {
    return describe(
        connection,
        dialect,
        relation,
        names.stream().map(dialect::quote).collect(Collectors.joining(", ")));
  }

  private static List<SourceColumn> describe(
      Connection connection, Dialect dialect, Relation relation, String selectList) {
    String sql =
        "SELECT " + selectList + " FROM " + ChunkQueries.from(dialect, relation) + " WHERE 1 = 0";
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<SourceColumn> columns = new ArrayList<>(md.getColumnCount());
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(
            new SourceColumn(
                md.getColumnLabel(i),
                md.getColumnType(i),
                md.getColumnTypeName(i),
                md.getPrecision(i),
                md.getScale(i),
                md.isNullable(i) != ResultSetMetaData.columnNoNulls));
      }
      return columns;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the columns of " + relation.describe());
    }
  }

  /**
   * Free connections are advice, so a refusal to read them (no privilege, a server without the
   * view) leaves them unknown; a lost connection still fails planning.
   */
  /**
   * The first usable key of a catalog query whose rows are (column name, source type, is primary
   * key), best first; empty when no row has a type chunks can be split on.
   */
  public static Optional<KeyCandidate> firstKey(
      ResultSet rs, Function<String, Optional<KeyType>> keyType) throws SQLException {
    while (rs.next()) {
      Optional<KeyType> type = keyType.apply(rs.getString(2));
      if (type.isPresent()) {
        String source = rs.getBoolean(3) ? "primary key" : "unique non-null index";
        return Optional.of(new KeyCandidate(new SplitKey(rs.getString(1), type.get()), source));
      }
    }
    return Optional.empty();
  }

  public static FreeConnections unknownUnlessTransient(SQLException e) {
    RivetException failure = SqlErrors.translate(e, "reading them failed");
    if (failure.kind() == FailureKind.SOURCE_TRANSIENT) {
      throw failure;
    }
    return FreeConnections.unknown(failure.getMessage());
  }
}
