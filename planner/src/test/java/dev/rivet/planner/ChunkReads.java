package dev.rivet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads every chunk of a plan the way an export does (its own connection and read session, the SQL
 * and bound boundaries from {@link ChunkQueries}) and checks each row lies inside its chunk.
 */
final class ChunkReads {
  /** Opens a connection to the source the plan was made for. */
  interface Connector {
    Connection open() throws SQLException;
  }

  private ChunkReads() {}

  /** The split key of every row read from PostgreSQL, as axis positions, in chunk order. */
  static List<Long> keysOfAllChunks(ExportPlan plan) throws SQLException {
    return keysOfAllChunks(plan, TestPostgres::connect).stream()
        .flatMap(List::stream)
        .collect(Collectors.toList());
  }

  /** The split key of every row read, as axis positions, one list per chunk in chunk order. */
  static List<List<Long>> keysOfAllChunks(ExportPlan plan, Connector connector)
      throws SQLException {
    SplitKey key = plan.splitKey();
    int keyColumn = columnIndex(plan, key.column());
    Dialect dialect = Dialect.of(plan.source());
    List<List<Long>> chunks = new ArrayList<>();
    for (Chunk chunk : plan.chunks()) {
      List<Long> keys = new ArrayList<>();
      chunks.add(keys);
      Long lower = axis(plan, chunk.lowerInclusive());
      Long upper = axis(plan, chunk.upperExclusive());
      try (Connection connection = connector.open()) {
        dialect.prepareReadSession(connection);
        try (PreparedStatement ps =
            connection.prepareStatement(ChunkQueries.selectSql(dialect, plan, chunk))) {
          dialect.configureStatement(ps, plan.export().fetchSize());
          ChunkQueries.bind(ps, plan, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              long value =
                  key.type() == KeyType.INTEGER
                      ? rs.getLong(keyColumn)
                      : KeyAxis.toAxis(
                          key.type(), rs.getObject(keyColumn, KeyAxis.jdbcClass(key.type())));
              if (lower != null) {
                assertThat(value).as("key in chunk %s", chunk).isGreaterThanOrEqualTo(lower);
              }
              if (upper != null) {
                assertThat(value).as("key in chunk %s", chunk).isLessThan(upper);
              }
              keys.add(value);
            }
          }
        }
        connection.commit();
      }
    }
    return chunks;
  }

  /** The number of rows each chunk of any plan reads, in chunk order. */
  static List<Long> rowCounts(ExportPlan plan, Connector connector) throws SQLException {
    Dialect dialect = Dialect.of(plan.source());
    List<Long> counts = new ArrayList<>();
    for (Chunk chunk : plan.chunks()) {
      try (Connection connection = connector.open()) {
        dialect.prepareReadSession(connection);
        try (PreparedStatement ps =
            connection.prepareStatement(ChunkQueries.selectSql(dialect, plan, chunk))) {
          dialect.configureStatement(ps, plan.export().fetchSize());
          ChunkQueries.bind(ps, plan, chunk);
          long rows = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows++;
            }
          }
          counts.add(rows);
        }
        connection.commit();
      }
    }
    return counts;
  }

  private static Long axis(ExportPlan plan, String boundary) {
    if (boundary == null) {
      return null;
    }
    return KeyAxis.toAxis(plan.splitKey().type(), KeyAxis.parse(plan.splitKey().type(), boundary));
  }

  private static int columnIndex(ExportPlan plan, String column) {
    List<SourceColumn> columns = plan.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i + 1;
      }
    }
    throw new AssertionError("split key " + column + " is not among the plan's columns");
  }
}
