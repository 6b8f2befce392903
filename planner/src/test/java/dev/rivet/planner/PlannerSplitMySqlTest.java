package dev.rivet.planner;

import static dev.rivet.planner.TestMySql.DATABASE;
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
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full-mode plans over real MariaDB tables: each split plan, read chunk by chunk as an export reads
 * it, returns every row once.
 */
class PlannerSplitMySqlTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());
  private static final String QUOTED = "`Split ``Quoted`` Orders`";
  private static final List<String> TABLES =
      List.of(
          "split_bigint",
          "split_unsigned",
          "split_int",
          "split_unique_index",
          "split_text_pk",
          "split_datetime",
          "split_date",
          "split_timestamp",
          "split_skewed",
          "split_sparse",
          QUOTED);

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + qualifiedTables(),
        "CREATE TABLE "
            + DATABASE
            + ".split_bigint (id BIGINT PRIMARY KEY, payload CHAR(8)"
            + " NOT NULL DEFAULT 'payload')",
        "CREATE TABLE " + DATABASE + ".split_unsigned (id BIGINT UNSIGNED PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".split_int (id INT PRIMARY KEY)",
        "CREATE TABLE "
            + DATABASE
            + ".split_unique_index (id INT NOT NULL, v INT,"
            + " UNIQUE KEY split_unique_index_id (id))",
        "CREATE TABLE "
            + DATABASE
            + ".split_text_pk (code VARCHAR(10) PRIMARY KEY,"
            + " seq SMALLINT NOT NULL UNIQUE)",
        "CREATE TABLE " + DATABASE + ".split_datetime (ts DATETIME(6) PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".split_date (d DATE PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".split_timestamp (ts TIMESTAMP(6) NOT NULL PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".split_skewed (id BIGINT PRIMARY KEY)",
        "CREATE TABLE " + DATABASE + ".split_sparse (id BIGINT PRIMARY KEY)",
        "CREATE TABLE "
            + DATABASE
            + "."
            + QUOTED
            + " (`Order ``Id``` BIGINT PRIMARY KEY,"
            + " `Amount` DECIMAL(10,2), amount2 INT)");
    TestMySql.insert("split_bigint", "id", LongStream.rangeClosed(1, 100_000));
    TestMySql.insert(
        "split_unsigned", "id", LongStream.rangeClosed(1, 30_000).map(g -> Long.MAX_VALUE - g));
    TestMySql.insert("split_int", "id", LongStream.rangeClosed(-15_000, 14_999));
    TestMySql.insert(
        "split_unique_index", "id", LongStream.rangeClosed(1, 20_000).map(g -> g * 3 - 50_000));
    TestMySql.insert("split_skewed", "id", skewedKeys());
    TestMySql.insert(
        "split_sparse",
        "id",
        LongStream.concat(LongStream.rangeClosed(1, 1000), LongStream.of(10_000_000)));
    TestMySql.insert(QUOTED, "`Order ``Id```", LongStream.rangeClosed(1, 3000));
    TestMySql.execute(
        "INSERT INTO "
            + DATABASE
            + ".split_text_pk SELECT CONCAT('c', id), id FROM "
            + DATABASE
            + ".split_int WHERE id BETWEEN 1 AND 2000",
        "INSERT INTO "
            + DATABASE
            + ".split_datetime SELECT TIMESTAMP('1969-12-31 12:00:00')"
            + " + INTERVAL (id + 15000) * 60000001 MICROSECOND FROM "
            + DATABASE
            + ".split_int WHERE id < -10000",
        "INSERT INTO "
            + DATABASE
            + ".split_date SELECT DATE('1900-01-01')"
            + " + INTERVAL (id + 15000) DAY FROM "
            + DATABASE
            + ".split_int",
        // Written in a +05:00 session: stored (UTC) values start at 2000-01-01 00:00.
        "SET SESSION time_zone = '+05:00'",
        "INSERT INTO "
            + DATABASE
            + ".split_timestamp SELECT TIMESTAMP('2000-01-01 05:00:00')"
            + " + INTERVAL (id + 15000) * 3600000001 MICROSECOND FROM "
            + DATABASE
            + ".split_int WHERE id < -12000",
        "ANALYZE TABLE " + qualifiedTables());
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.dropTables(TABLES.toArray(String[]::new));
  }

  /** 50 000 dense ids, then 50 000 ids spread up to about 10^12. */
  static LongStream skewedKeys() {
    return LongStream.concat(
        LongStream.rangeClosed(1, 50_000),
        LongStream.rangeClosed(1, 50_000).map(g -> 50_000 + g * 19_999_000));
  }

  private static String qualifiedTables() {
    return TABLES.stream().map(t -> DATABASE + "." + t).collect(Collectors.joining(", "));
  }

  static ExportPlan plan(Relation relation, long chunkRows) {
    ExportSpec spec =
        new ExportSpec(
            "planner_mysql_it",
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
    return PLANNER.plan(TestMySql.source(), spec, "run-planner-mysql-it");
  }

  private static List<Long> assertEveryRowReadOnce(ExportPlan plan, long rows) throws SQLException {
    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.source()).isEqualTo(SourceKind.MYSQL);
    assertContiguousChunks(plan.chunks());
    List<Long> keys =
        ChunkReads.keysOfAllChunks(plan, TestMySql::connect).stream()
            .flatMap(List::stream)
            .collect(Collectors.toList());
    assertThat(keys).hasSize((int) rows);
    assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
    return keys;
  }

  private static void assertContiguousChunks(List<Chunk> chunks) {
    assertThat(chunks.get(0).lowerInclusive()).isNull();
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isNull();
    for (int i = 0; i + 1 < chunks.size(); i++) {
      assertThat(chunks.get(i).upperExclusive()).isEqualTo(chunks.get(i + 1).lowerInclusive());
    }
  }

  @Test
  void shouldSplitASignedBigintPrimaryKeyAtEqualWidths() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_bigint"), 10_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("id", KeyType.INTEGER));
    // InnoDB's TABLE_ROWS is a sampled estimate: about 100 000.
    assertThat(plan.estimatedRows()).isBetween(80_000L, 120_000L);
    assertThat(plan.chunks()).hasSizeBetween(8, 11);
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("split on primary key id over [1, 100000]"))
        .anySatisfy(n -> assertThat(n).contains("equal widths"));
    List<Long> keys = assertEveryRowReadOnce(plan, 100_000);
    assertThat(keys.stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000L * 100_001 / 2);
  }

  @Test
  void shouldSplitAnUnsignedBigintKeyNearTheTopOfTheSignedRange() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_unsigned"), 5_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("id", KeyType.INTEGER));
    assertThat(plan.chunks()).hasSizeBetween(5, 8);
    assertThat(plan.chunks().get(plan.chunks().size() - 1).lowerInclusive())
        .startsWith("92233720368547");
    assertEveryRowReadOnce(plan, 30_000);
  }

  @Test
  void shouldSplitANegativeIntPrimaryKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_int"), 3_000);

    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("over [-15000, 14999]"));
    assertThat(plan.chunks()).hasSizeBetween(8, 12);
    assertEveryRowReadOnce(plan, 30_000);
  }

  @Test
  void shouldSplitOnAUniqueNonNullIndexWhenThereIsNoPrimaryKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_unique_index"), 5_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("id", KeyType.INTEGER));
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("unique non-null index id"));
    assertThat(plan.chunks()).hasSizeBetween(3, 5);
    assertEveryRowReadOnce(plan, 20_000);
  }

  @Test
  void shouldPreferAUniqueIntegerIndexOverAVarcharPrimaryKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_text_pk"), 500);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("seq", KeyType.INTEGER));
    assertEveryRowReadOnce(plan, 2_000);
  }

  @Test
  void shouldSplitADatetimeKeyWithMicrosecondsByWalkingItsIndex() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_datetime"), 1_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("ts", KeyType.TIMESTAMP));
    assertThat(plan.chunks()).hasSize(5);
    // The 1001st key: 1969-12-31 12:00 + 1000 * 60.000001 s.
    assertThat(plan.chunks().get(0).upperExclusive()).isEqualTo("1970-01-01T04:40:00.001");
    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("walking the index of ts"));
    assertEveryRowReadOnce(plan, 5_000);
  }

  @Test
  void shouldSplitADateKeyBefore1970() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_date"), 3_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("d", KeyType.DATE));
    assertThat(plan.chunks()).hasSize(10);
    assertThat(plan.chunks().get(1).lowerInclusive()).isEqualTo("1908-03-20");
    assertEveryRowReadOnce(plan, 30_000);
  }

  @Test
  void shouldPlanATimestampKeyInUtcWhateverTheZoneItWasWrittenIn() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_timestamp"), 1_000);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("ts", KeyType.TIMESTAMP));
    assertThat(plan.noteTexts())
        .anySatisfy(n -> assertThat(n).contains("over [2000-01-01T00:00, "));
    assertThat(plan.chunks()).hasSize(3);
    assertEveryRowReadOnce(plan, 3_000);
  }

  @Test
  void shouldPlaceBoundariesOfASparseKeyAtRealKeys() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_sparse"), 100);

    assertThat(plan.chunks())
        .extracting(Chunk::upperExclusive)
        .containsExactly(
            "101", "201", "301", "401", "501", "601", "701", "801", "901", "10000000", null);
    assertEveryRowReadOnce(plan, 1_001);
  }

  @Test
  void shouldGiveEvenChunksOverASkewedKey() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "split_skewed"), 10_000);

    assertThat(plan.noteTexts()).anySatisfy(n -> assertThat(n).contains("the key is sparse"));
    EvenChunks.assertEveryRowOnceInEvenChunks(
        ChunkReads.keysOfAllChunks(plan, TestMySql::connect), 100_000, 10_000);
  }

  @Test
  void shouldQuoteBacktickedTableAndKeyNames() throws SQLException {
    ExportPlan plan = plan(new TableRef(DATABASE, "Split `Quoted` Orders"), 500);

    assertThat(plan.splitKey()).isEqualTo(new SplitKey("Order `Id`", KeyType.INTEGER));
    assertThat(plan.columns())
        .extracting(c -> c.name())
        .containsExactly("Order `Id`", "Amount", "amount2");
    assertEveryRowReadOnce(plan, 3_000);
  }
}
