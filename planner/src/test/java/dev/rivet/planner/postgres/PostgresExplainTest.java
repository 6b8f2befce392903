package dev.rivet.planner.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.planner.preflight.Access;
import dev.rivet.planner.preflight.ChunkExplain;
import org.junit.jupiter.api.Test;

/** Golden EXPLAIN (FORMAT JSON) outputs of PostgreSQL 15, trimmed to the fields read. */
class PostgresExplainTest {
  private static final Chunk CHUNK = new Chunk(3, "100", "200");

  @Test
  void shouldFindASeqScanUnderAGather() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Gather\", \"Total Cost\": 6147.16, \"Plan Rows\": 1,"
            + " \"Plans\": [{\"Node Type\": \"Seq Scan\", \"Parallel Aware\": true,"
            + " \"Relation Name\": \"events\", \"Total Cost\": 5147.06, \"Plan Rows\": 1,"
            + " \"Filter\": \"((id >= '10'::bigint) AND (id < '20'::bigint))\"}]}}]";

    ChunkExplain explain = PostgresExplain.parse(json, "events", CHUNK);

    assertThat(explain)
        .isEqualTo(
            new ChunkExplain(3, "[100, 200)", "Gather", Access.FULL_SCAN, null, 6147.16, 1, null));
  }

  @Test
  void shouldFindAnIndexRangeScanAndItsIndex() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Index Scan\", \"Index Name\": \"events_pkey\","
            + " \"Relation Name\": \"events\", \"Total Cost\": 182.95, \"Plan Rows\": 4952,"
            + " \"Index Cond\": \"(id < '5001'::bigint)\"}}]";

    ChunkExplain explain = PostgresExplain.parse(json, "events", CHUNK);

    assertThat(explain.topNode()).isEqualTo("Index Scan");
    assertThat(explain.access()).isEqualTo(Access.INDEX_RANGE);
    assertThat(explain.index()).isEqualTo("events_pkey");
    assertThat(explain.estimatedRows()).isEqualTo(4952);
  }

  @Test
  void shouldTakeABitmapHeapScansIndexFromItsBitmapIndexScan() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Bitmap Heap Scan\", \"Relation Name\": \"events\","
            + " \"Total Cost\": 900.5, \"Plan Rows\": 20000, \"Plans\": [{\"Node Type\":"
            + " \"Bitmap Index Scan\", \"Index Name\": \"events_updated_at_idx\"}]}}]";

    ChunkExplain explain = PostgresExplain.parse(json, "events", CHUNK);

    assertThat(explain.access()).isEqualTo(Access.INDEX_RANGE);
    assertThat(explain.index()).isEqualTo("events_updated_at_idx");
  }

  @Test
  void shouldCallAnIndexScanWithoutConditionAFullIndexRead() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Index Only Scan\", \"Index Name\": \"events_pkey\","
            + " \"Relation Name\": \"events\", \"Total Cost\": 10, \"Plan Rows\": 5}}]";

    assertThat(PostgresExplain.parse(json, "events", CHUNK).access()).isEqualTo(Access.INDEX_FULL);
  }

  @Test
  void shouldReportTheWorstScanOfTheTableAndIgnoreOtherTables() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Append\", \"Total Cost\": 10, \"Plan Rows\": 5, \"Plans\": ["
            + "{\"Node Type\": \"Index Scan\", \"Relation Name\": \"events\", \"Index Name\":"
            + " \"a\", \"Index Cond\": \"x\"},"
            + "{\"Node Type\": \"Seq Scan\", \"Relation Name\": \"other\"},"
            + "{\"Node Type\": \"Seq Scan\", \"Relation Name\": \"events\"}]}}]";

    assertThat(PostgresExplain.parse(json, "events", CHUNK).access()).isEqualTo(Access.FULL_SCAN);
    assertThat(PostgresExplain.parse(json.replace("\"events\"}", "\"x\"}"), "events", CHUNK))
        .satisfies(e -> assertThat(e.access()).isEqualTo(Access.INDEX_RANGE))
        .satisfies(e -> assertThat(e.index()).isEqualTo("a"));
  }

  @Test
  void shouldSayNoTableIsReadWhenTheConditionCannotMatch() {
    String json =
        "[{\"Plan\": {\"Node Type\": \"Result\", \"Total Cost\": 0, \"Plan Rows\": 0,"
            + " \"One-Time Filter\": \"false\"}}]";

    assertThat(PostgresExplain.parse(json, "events", CHUNK).access()).isEqualTo(Access.NONE);
  }

  @Test
  void shouldRecordUnreadableOutputAsUnavailable() {
    ChunkExplain explain = PostgresExplain.parse("not json", "events", CHUNK);

    assertThat(explain.access()).isEqualTo(Access.UNKNOWN);
    assertThat(explain.unavailableReason()).startsWith("unreadable EXPLAIN output");
  }
}
