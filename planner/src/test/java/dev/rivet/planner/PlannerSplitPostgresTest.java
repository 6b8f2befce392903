package dev.rivet.planner;

import static dev.rivet.planner.TestPostgres.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full-mode plans over real tables: each split plan, read chunk by chunk, returns every row once.
 */
class PlannerSplitPostgresTest {
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final Planner PLANNER = new Planner(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final String MIXED = "Split \"Quoted\" Orders";

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS "
            + SCHEMA
            + ".split_dense, "
            + SCHEMA
            + ".split_sparse, "
            + SCHEMA
            + ".split_unique_index, "
            + SCHEMA
            + ".split_text_pk, "
            + SCHEMA
            + ".split_dates, "
            + SCHEMA
            + ".split_unanalyzed, "
            + SCHEMA
            + ".split_tstz, "
            + SCHEMA
            + ".split_ts, "
            + SCHEMA
            + ".split_skewed, "
            + SCHEMA
            + ".\"Split \"\"Quoted\"\" Orders\"",
        "CREATE TABLE " + SCHEMA + ".split_dense (id bigint PRIMARY KEY, payload text NOT NULL)",
        "INSERT INTO "
            + SCHEMA
            + ".split_dense"
            + " SELECT g, md5(g::text) FROM generate_series(1, 100000) g",
        "CREATE TABLE " + SCHEMA + ".split_sparse (id bigint PRIMARY KEY)",
        "INSERT INTO "
            + SCHEMA
            + ".split_sparse"
            + " SELECT g FROM generate_series(1, 1000) g UNION ALL SELECT 10000000",
        "CREATE TABLE " + SCHEMA + ".split_skewed (id bigint PRIMARY KEY)",
        // 50 000 dense ids, then 50 000 ids spread up to about 10^12.
        "INSERT INTO "
            + SCHEMA
            + ".split_skewed SELECT g FROM generate_series(1, 50000) g"
            + " UNION ALL SELECT 50000 + g * 19999000::bigint FROM generate_series(1, 50000) g",
        "CREATE TABLE " + SCHEMA + ".split_unique_index (id integer NOT NULL, v text)",
        "CREATE UNIQUE INDEX split_unique_index_id ON " + SCHEMA + ".split_unique_index (id)",
        "INSERT INTO "
            + SCHEMA
            + ".split_unique_index"
            + " SELECT g * 3 - 50000, g::text FROM generate_series(1, 20000) g",
        "CREATE TABLE "
            + SCHEMA
            + ".split_text_pk"
            + " (code text PRIMARY KEY, seq smallint NOT NULL UNIQUE)",
        "INSERT INTO "
            + SCHEMA
            + ".split_text_pk"
            + " SELECT 'c' || g, g FROM generate_series(1, 2000) g",
        "CREATE TABLE " + SCHEMA + ".split_dates (d date PRIMARY KEY, v int)",
        "INSERT INTO "
            + SCHEMA
            + ".split_dates"
            + " SELECT date '1900-01-01' + g, g FROM generate_series(0, 29999) g",
        "CREATE TABLE " + SCHEMA + ".split_tstz (ts timestamptz PRIMARY KEY)",
        "INSERT INTO "
            + SCHEMA
            + ".split_tstz SELECT timestamptz '1950-06-30 22:10:00.123456+00'"
            + " + g * interval '7 hours 3 minutes' + g * interval '1 microsecond'"
            + " FROM generate_series(0, 9999) g",
        "CREATE TABLE " + SCHEMA + ".split_ts (ts timestamp PRIMARY KEY)",
        "INSERT INTO "
            + SCHEMA
            + ".split_ts SELECT timestamp '1969-12-31 12:00:00'"
            + " + g * interval '1 minute 0.000001 second' FROM generate_series(0, 4999) g",
        "CREATE TABLE "
            + SCHEMA
            + ".\"Split \"\"Quoted\"\" Orders\""
            + " (\"Order \"\"Id\"\"\" bigint PRIMARY KEY, \"Amount\" numeric(10,2), amount int)",
        "INSERT INTO "
            + SCHEMA
            + ".\"Split \"\"Quoted\"\" Orders\""
            + " SELECT g, g / 100.0, g FROM generate_series(1, 3000) g",
        "CREATE TABLE "
            + SCHEMA
            + ".split_unanalyzed (id int PRIMARY KEY)"
            + " WITH (autovacuum_enabled = false)",
        "INSERT INTO " + SCHEMA + ".split_unanalyzed SELECT generate_series(-4999, 5000)",
        // Statistics make reltuples the real row count, as on a table autovacuum has seen.
        "ANALYZE " + SCHEMA + ".split_dense",
        "ANALYZE " + SCHEMA + ".split_sparse",
        "ANALYZE " + SCHEMA + ".split_skewed",
        "ANALYZE " + SCHEMA + ".split_unique_index",
        "ANALYZE " + SCHEMA + ".split_text_pk",
        "ANALYZE " + SCHEMA + ".split_dates",
        "ANALYZE " + SCHEMA + ".split_tstz",
        "ANALYZE " + SCHEMA + ".split_ts",
        "ANALYZE " + SCHEMA + ".\"Split \"\"Quoted\"\" Orders\"");
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestPostgres.dropTables(
        "split_dense",
        "split_sparse",
        "split_skewed",
        "split_unique_index",
        "split_text_pk",
        "split_dates",
        "split_unanalyzed",
        "split_tstz",
        "split_ts",
        "\"Split \"\"Quoted\"\" Orders\"");
  }

  static ExportPlan plan(Relation relation, long chunkRows) {
    ExportSpec spec =
        new ExportSpec(
            "planner_it",
            relation,
            new FullMode(),
            ReadSettings.of(chunkRows, 1000, 2),
            ValuePolicies.of(InfinityPolicy.CLAMP),
            new OutputSettings(
                Format.PARQUET,
                Compression.NONE,
                Destination.parse("/tmp/rivet-planner-it"),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT);
    return PLANNER.plan(TestPostgres.source(), spec, "run-planner-it");
  }

  private static long[] countAndSum(String table, String column) throws SQLException {
    try (Connection connection = TestPostgres.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*), coalesce(sum(" + column + "), 0) FROM " + SCHEMA + "." + table)) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private static void assertEveryRowReadOnce(ExportPlan plan, String table, String column)
      throws SQLException {
    List<Long> keys = ChunkReads.keysOfAllChunks(plan);
    long[] expected = countAndSum(table, column);

    assertThat(keys).hasSize((int) expected[0]);
    assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
    assertThat(keys.stream().mapToLong(Long::longValue).sum()).isEqualTo(expected[1]);
  }

  private static void assertContiguousChunks(List<Chunk> chunks) {
    assertThat(chunks.get(0).lowerInclusive()).isNull();
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isNull();
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).index()).isEqualTo(i);
      if (i + 1 < chunks.size()) {
        assertThat(chunks.get(i).upperExclusive()).isEqualTo(chunks.get(i + 1).lowerInclusive());
      }
    }
  }

  @Test
  void shouldSplitBigintPrimaryKeyIntoChunksThatReadEveryRowOnce() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_dense"), 10_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("id", KeyType.INTEGER));
    // ANALYZE reads every page of a table this small, so the estimate is exact.
    assertThat(plan.estimatedRows()).isEqualTo(100_000);
    assertThat(plan.chunks())
        .extracting(Chunk::upperExclusive)
        .containsExactly(
            "10001", "20001", "30001", "40001", "50001", "60001", "70001", "80001", "90001", null);
    assertContiguousChunks(plan.chunks());
    assertThat(plan.createdAt()).isEqualTo(NOW);
    assertThat(plan.source()).isEqualTo(SourceKind.POSTGRESQL);
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("split on primary key id"));
    assertEveryRowReadOnce(plan, "split_dense", "id");
  }

  @Test
  void shouldPlaceBoundariesOfASparseKeyAtRealKeysByWalkingItsIndex() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_sparse"), 100);

    // Keys 1..1000 and 10 000 000: equal widths would put every dense row in the first chunk.
    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.chunks())
        .extracting(Chunk::upperExclusive)
        .containsExactly(
            "101", "201", "301", "401", "501", "601", "701", "801", "901", "10000000", null);
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("walking the index of id"));
    assertEveryRowReadOnce(plan, "split_sparse", "id");
  }

  @Test
  void shouldGiveEvenChunksOverASkewedKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_skewed"), 10_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertContiguousChunks(plan.chunks());
    EvenChunks.assertEveryRowOnceInEvenChunks(
        ChunkReads.keysOfAllChunks(plan, TestPostgres::connect), 100_000, 10_000);
  }

  @Test
  void shouldAssumeADenseIntegerKeyWhenTheTableWasNeverAnalyzed() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_unanalyzed"), 1_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.estimatedRows()).isEqualTo(-1);
    assertThat(plan.chunks()).hasSize(10);
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("never analyzed"));
    assertEveryRowReadOnce(plan, "split_unanalyzed", "id");
  }

  @Test
  void shouldSplitOnAUniqueNonNullIndexWhenThereIsNoPrimaryKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_unique_index"), 5_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("id", KeyType.INTEGER));
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("unique non-null index id"));
    assertThat(plan.chunks()).hasSizeBetween(3, 5);
    assertEveryRowReadOnce(plan, "split_unique_index", "id");
  }

  @Test
  void shouldPreferAUniqueIntegerIndexOverATextPrimaryKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_text_pk"), 500);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("seq", KeyType.INTEGER));
    assertEveryRowReadOnce(plan, "split_text_pk", "seq");
  }

  @Test
  void shouldSplitOnADateKeyIncludingDatesBefore1970() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_dates"), 3_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("d", KeyType.DATE));
    assertThat(plan.chunks()).hasSizeBetween(9, 11);
    assertThat(plan.chunks().get(1).lowerInclusive()).matches("19\\d\\d-\\d\\d-\\d\\d");
    assertEveryRowReadOnce(plan, "split_dates", "(d - date '1970-01-01')");
  }

  @Test
  void shouldSplitOnATimestampWithTimeZoneKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_tstz"), 1_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("ts", KeyType.TIMESTAMPTZ));
    assertThat(plan.chunks()).hasSizeBetween(9, 11);
    assertThat(plan.chunks().get(1).lowerInclusive()).endsWith("Z");
    assertEveryRowReadOnce(plan, "split_tstz", "(extract(epoch FROM ts) * 1000000)::numeric(30,0)");
  }

  @Test
  void shouldSplitOnATimestampWithoutTimeZoneKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, "split_ts"), 1_000);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("ts", KeyType.TIMESTAMP));
    assertThat(plan.chunks()).hasSizeBetween(4, 6);
    assertEveryRowReadOnce(plan, "split_ts", "(extract(epoch FROM ts) * 1000000)::numeric(30,0)");
  }

  @Test
  void shouldSplitMixedCaseAndQuotedTableAndKeyNames() throws SQLException {
    ExportPlan plan = plan(new TableRef(SCHEMA, MIXED), 500);

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.splitKey()).isEqualTo(new SplitKey("Order \"Id\"", KeyType.INTEGER));
    assertThat(plan.columns())
        .extracting(c -> c.name())
        .containsExactly("Order \"Id\"", "Amount", "amount");
    assertThat(plan.chunks()).hasSizeBetween(5, 7);
    assertEveryRowReadOnce(plan, "\"Split \"\"Quoted\"\" Orders\"", "\"Order \"\"Id\"\"\"");
  }
}
