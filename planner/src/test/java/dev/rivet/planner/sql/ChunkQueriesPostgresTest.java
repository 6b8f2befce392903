package dev.rivet.planner.sql;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.TestPostgres;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rendered chunk SQL and its bound boundaries, run by a real PostgreSQL. */
class ChunkQueriesPostgresTest {
  private static final Dialect PG = new PostgresDialect();
  private static final String TABLE = "Bind \"Order\"";
  private static final String QUOTED_TABLE = SCHEMA + ".\"Bind \"\"Order\"\"\"";

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + QUOTED_TABLE,
        "CREATE TABLE "
            + QUOTED_TABLE
            + " (id int PRIMARY KEY,"
            + " \"Customer Name\" text, \"say \"\"hi\"\"\" int)",
        "INSERT INTO " + QUOTED_TABLE + " SELECT g, 'c' || g, g FROM generate_series(1, 300) g");
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestPostgres.dropTables("\"Bind \"\"Order\"\"\"");
  }

  private static final ExportPlan PLAN =
      ChunkQueriesTest.splitPlan(new TableRef(SCHEMA, TABLE), new SplitKey("id", KeyType.INTEGER));

  private static List<Integer> read(ExportPlan plan, Chunk chunk, int expectedParameters)
      throws SQLException {
    try (Connection connection = TestPostgres.connect();
        PreparedStatement ps =
            connection.prepareStatement(ChunkQueries.selectSql(PG, plan, chunk))) {
      assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(expectedParameters);
      ChunkQueries.bind(ps, plan, chunk);
      List<Integer> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
      return ids;
    }
  }

  @Test
  void shouldBindTheLowerBoundFirstAndTheUpperBoundSecond() throws SQLException {
    assertThat(read(PLAN, new Chunk(1, "100", "200"), 2))
        .hasSize(100)
        .allSatisfy(id -> assertThat(id).isBetween(100, 199));
  }

  @Test
  void shouldBindOnlyTheUpperBoundOfTheFirstChunk() throws SQLException {
    assertThat(read(PLAN, new Chunk(0, null, "100"), 1))
        .hasSize(99)
        .allSatisfy(id -> assertThat(id).isLessThan(100));
  }

  @Test
  void shouldBindOnlyTheLowerBoundOfTheLastChunk() throws SQLException {
    assertThat(read(PLAN, new Chunk(2, "200", null), 1))
        .hasSize(101)
        .allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(200));
  }

  @Test
  void shouldBindNothingForASingleRead() throws SQLException {
    ExportPlan single = ChunkQueriesTest.singlePlan(new TableRef(SCHEMA, TABLE));

    assertThat(read(single, Chunk.whole(), 0)).hasSize(300);
  }
}
