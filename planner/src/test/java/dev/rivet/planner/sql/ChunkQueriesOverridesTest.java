package dev.rivet.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.mysql.MySqlDialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden SQL of column overrides: each overridden column cast, keeping its name, per dialect. */
class ChunkQueriesOverridesTest {
  private static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn("id", Types.INTEGER, "int4", 10, 0, false),
          new SourceColumn("total", Types.NUMERIC, "numeric", 12, 4, true),
          new SourceColumn("note", Types.VARCHAR, "text", 0, 0, true),
          new SourceColumn("raw", Types.VARCHAR, "text", 0, 0, true));

  private static ExportPlan plan(Dialect dialect, Relation relation, List<SourceColumn> columns) {
    ColumnOverrides overrides =
        new ColumnOverrides(
            List.of(
                ColumnOverride.parse("id", "int64"),
                ColumnOverride.parse("total", "decimal(14,2)"),
                ColumnOverride.parse("note", "text"),
                ColumnOverride.parse("raw", "binary")),
            true,
            "rivet.yaml: exports[0].columns");
    return new ExportPlan(
        "run-1",
        ExportSpec.withDefaults(
                "orders", relation, Format.PARQUET, Compression.NONE, Destination.parse("/tmp/o"))
            .withColumnOverrides(overrides),
        dialect.kind(),
        columns,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        Instant.EPOCH,
        List.of());
  }

  @Test
  void shouldCastOverriddenColumnsOfATableOnPostgres() {
    Dialect pg = new PostgresDialect();
    ExportPlan plan = plan(pg, new TableRef("public", "orders"), COLUMNS);

    assertThat(ChunkQueries.selectSql(pg, plan, Chunk.whole()))
        .isEqualTo(
            "SELECT CAST(\"id\" AS int8) AS \"id\", CAST(\"total\" AS numeric(14,2)) AS \"total\","
                + " \"note\", convert_to(CAST(\"raw\" AS text), 'UTF8') AS \"raw\""
                + " FROM \"public\".\"orders\"");
    assertThat(pg.casts().result(COLUMNS.get(0), ColumnOverride.parse("id", "int64")))
        .isEqualTo(new SourceColumn("id", Types.BIGINT, "int8", 0, 0, false));
    assertThat(pg.casts().result(COLUMNS.get(2), ColumnOverride.parse("note", "text")))
        .isSameAs(COLUMNS.get(2));
  }

  @Test
  void shouldListAQuerysColumnsToCastTheOverriddenOnes() {
    Dialect pg = new PostgresDialect();
    ExportPlan plan = plan(pg, new QueryText("SELECT * FROM t"), COLUMNS);

    assertThat(ChunkQueries.selectSql(pg, plan, Chunk.whole()))
        .isEqualTo(
            "SELECT CAST(\"id\" AS int8) AS \"id\", CAST(\"total\" AS numeric(14,2)) AS \"total\","
                + " \"note\", convert_to(CAST(\"raw\" AS text), 'UTF8') AS \"raw\""
                + " FROM (SELECT * FROM t) AS rivet_source");
  }

  @Test
  void shouldCastOverriddenColumnsOnMySql() {
    Dialect mysql = new MySqlDialect();
    List<SourceColumn> columns =
        List.of(
            new SourceColumn("id", Types.INTEGER, "INTEGER", 10, 0, false),
            new SourceColumn("total", Types.DECIMAL, "DECIMAL", 12, 4, true),
            new SourceColumn("note", Types.VARCHAR, "VARCHAR", 0, 0, true),
            new SourceColumn("raw", Types.VARCHAR, "TEXT", 0, 0, true));
    ExportPlan plan = plan(mysql, new TableRef("shop", "orders"), columns);

    assertThat(ChunkQueries.selectSql(mysql, plan, Chunk.whole()))
        .isEqualTo(
            "SELECT CAST(`id` AS SIGNED) AS `id`, CAST(`total` AS DECIMAL(14,2)) AS `total`,"
                + " `note`, CAST(`raw` AS BINARY) AS `raw` FROM `shop`.`orders`");
  }
}
