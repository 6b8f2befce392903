package dev.rivet.planner.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.planner.dialect.TableBlocks;
import org.junit.jupiter.api.Test;

/** When PostgreSQL can read a table by block ranges, decided from what its catalog says. */
class PostgresTableBlocksTest {

  @Test
  void shouldReadAPlainTableOnPostgres14ByBlocksAtItsAnalyzedDensity() {
    TableBlocks layout = PostgresCatalog.layout(140_005, "14.5", "r", 100, 4000, 120);

    assertThat(layout.available()).isTrue();
    assertThat(layout.blocks()).isEqualTo(120);
    assertThat(layout.rowsPerBlock()).isEqualTo(40.0);
  }

  @Test
  void shouldNotUseBlockRangesBeforePostgres14AndSayWhy() {
    TableBlocks layout = PostgresCatalog.layout(130_012, "13.12", "r", 100, 4000, 120);

    assertThat(layout.available()).isFalse();
    assertThat(layout.unavailable()).contains("PostgreSQL 13.12").contains("14 or later");
  }

  @Test
  void shouldNotUseBlockRangesForPartitionedTablesViewsOrForeignTables() {
    assertThat(PostgresCatalog.layout(150_000, "15.0", "p", 0, -1, 0).unavailable())
        .contains("partitioned table");
    assertThat(PostgresCatalog.layout(150_000, "15.0", "v", 0, -1, 0).unavailable())
        .contains("no blocks of its own");
    assertThat(PostgresCatalog.layout(150_000, "15.0", "f", 0, -1, 0).unavailable())
        .contains("no blocks of its own");
    assertThat(PostgresCatalog.layout(150_000, "15.0", "m", 10, 100, 10).available()).isTrue();
  }

  @Test
  void shouldHaveNoDensityForATableNeverAnalyzed() {
    // PostgreSQL 14+: reltuples is -1 until the first ANALYZE or VACUUM.
    assertThat(PostgresCatalog.layout(160_000, "16.0", "r", 0, -1, 50).rowsPerBlock())
        .isEqualTo(-1);
  }
}
