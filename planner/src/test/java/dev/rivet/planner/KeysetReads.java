package dev.rivet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.planner.ChunkReads.Connector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.preflight.Access;
import dev.rivet.planner.preflight.ChunkExplain;
import dev.rivet.planner.preflight.SourceProbe;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads a keyset plan chunk by chunk as an export does (SQL and bound bounds from {@link
 * ChunkQueries}) and checks it against the source: the same rows, value by value, none twice.
 */
final class KeysetReads {
  private KeysetReads() {}

  /** Every row of each chunk, each value as the driver's text, one list per chunk. */
  static List<List<List<String>>> rowsByChunk(ExportPlan plan, Connector connector)
      throws SQLException {
    Dialect dialect = Dialect.of(plan.source());
    List<List<List<String>>> chunks = new ArrayList<>();
    for (Chunk chunk : plan.chunks()) {
      try (Connection connection = connector.open()) {
        dialect.prepareReadSession(connection);
        try (PreparedStatement ps =
            connection.prepareStatement(ChunkQueries.selectSql(dialect, plan, chunk))) {
          ChunkQueries.bind(ps, plan, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            chunks.add(rows(rs));
          }
        }
        connection.commit();
      }
    }
    return chunks;
  }

  /** Every row of {@code sql}, each value as the driver's text. */
  static List<List<String>> query(Connector connector, String sql) throws SQLException {
    try (Connection connection = connector.open();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rows(rs);
    }
  }

  private static List<List<String>> rows(ResultSet rs) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> row = new ArrayList<>(columns);
      for (int i = 1; i <= columns; i++) {
        row.add(rs.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Asserts the plan is a keyset split into {@code chunks} chunks that together read exactly the
   * rows of {@code selectAll} (count and content, none twice), every chunk but the last holding
   * {@code chunkRows} rows and the last at most that many.
   */
  static void assertExactAndBalanced(
      ExportPlan plan, Connector connector, String selectAll, int chunks, long chunkRows)
      throws SQLException {
    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey().isKeyset()).isTrue();
    assertThat(plan.chunks()).hasSize(chunks);
    List<List<List<String>>> byChunk = rowsByChunk(plan, connector);
    List<List<String>> read = byChunk.stream().flatMap(List::stream).toList();
    List<List<String>> source = query(connector, selectAll);
    assertThat(read).hasSize(source.size());
    assertThat(new HashSet<>(read)).as("no row read twice").hasSize(read.size());
    assertThat(read).containsExactlyInAnyOrderElementsOf(source);
    for (int i = 0; i < byChunk.size() - 1; i++) {
      assertThat((long) byChunk.get(i).size()).as("rows of chunk %d", i).isEqualTo(chunkRows);
    }
    assertThat((long) byChunk.get(byChunk.size() - 1).size()).isBetween(1L, chunkRows);
  }

  /** Asserts EXPLAIN reads only the chunk's range of an index, for the first and middle chunks. */
  static void assertChunksUseTheIndex(ExportPlan plan, Connector connector, String table)
      throws SQLException {
    SourceProbe probe = SourceProbe.of(Dialect.of(plan.source()));
    for (int index : List.of(0, plan.chunks().size() / 2, plan.chunks().size() - 1)) {
      try (Connection connection = connector.open()) {
        ChunkExplain explain = probe.explain(connection, plan, plan.chunks().get(index), table);
        assertThat(explain.access())
            .as("access of chunk %d %s: %s", index, explain.range(), explain)
            .isEqualTo(Access.INDEX_RANGE);
      }
    }
  }
}
