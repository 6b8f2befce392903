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
import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.planner.preflight.FindingCode;
import dev.rivet.planner.preflight.FindingParam;
import dev.rivet.planner.preflight.Preflight;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.Severity;
import dev.rivet.planner.preflight.StrategyKind;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyset splits of UUID, text (C and ICU collations), composite (int, text) and (text, timestamp)
 * keys on a real PostgreSQL: exact output, chunks of chunk_rows rows, index range reads; a
 * nondeterministic collation is refused.
 */
class PlannerKeysetPostgresTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());
  private static final long CHUNK_ROWS = 1000;
  private static final int ROWS = 20_000;
  private static final String COLLATION = SCHEMA + ".keyset_ci";
  private static final List<String> TABLES =
      List.of(
          "keyset_uuid",
          "keyset_text_c",
          "keyset_text_icu",
          "keyset_text_nd",
          "keyset_nd_part",
          "keyset_int_text",
          "keyset_text_ts",
          "keyset_unique_index");

  /** Mixed case, digits, trailing spaces, accents and quotes: text whose order is the source's. */
  private static final String TEXT =
      "(CASE g % 4 WHEN 0 THEN 'a' WHEN 1 THEN 'A' WHEN 2 THEN 'é' ELSE 'b''' END)"
          + " || g::text || repeat(' ', g % 3)";

  @BeforeAll
  static void createTables() throws SQLException {
    TestPostgres.execute(
        "DROP TABLE IF EXISTS " + SCHEMA + "." + String.join(", " + SCHEMA + ".", TABLES),
        "DROP COLLATION IF EXISTS " + COLLATION,
        "CREATE COLLATION "
            + COLLATION
            + " (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
        "CREATE TABLE " + SCHEMA + ".keyset_uuid (id uuid PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_uuid SELECT md5(g::text)::uuid, g FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_text_c (k text COLLATE \"C\" PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_text_c SELECT "
            + TEXT
            + ", g FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_text_icu (k varchar(40) COLLATE \"en-x-icu\" PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_text_icu SELECT "
            + TEXT
            + ", g FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_text_nd (k text COLLATE "
            + COLLATION
            + " PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_text_nd SELECT "
            + TEXT
            + ", g FROM generate_series(1, "
            + ROWS
            + ") g",
        // Neither a keyset key (the collation) nor block ranges (partitioned): one statement.
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_nd_part (k text COLLATE "
            + COLLATION
            + ", v int NOT NULL, PRIMARY KEY (k, v)) PARTITION BY RANGE (v)",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_nd_part_1 PARTITION OF "
            + SCHEMA
            + ".keyset_nd_part FOR VALUES FROM (0) TO (1000000000)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_nd_part SELECT "
            + TEXT
            + ", g FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_int_text (a int, b text COLLATE \"en-x-icu\", v int NOT NULL,"
            + " PRIMARY KEY (a, b))",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_int_text SELECT g / 37, "
            + TEXT
            + ", g FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_text_ts (t text, ts timestamp, v int NOT NULL, PRIMARY KEY (t, ts))",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_text_ts SELECT 'k' || (g % 17), timestamp '2024-02-29 23:59:59.999999'"
            + " + g * interval '1 minute 0.000001 second', g FROM generate_series(1, "
            + ROWS
            + ") g",
        // A nullable unique column is no key; the unique index over NOT NULL columns is.
        "CREATE TABLE "
            + SCHEMA
            + ".keyset_unique_index (maybe text UNIQUE, id uuid NOT NULL, v int NOT NULL)",
        "CREATE UNIQUE INDEX keyset_unique_index_id ON " + SCHEMA + ".keyset_unique_index (id)",
        "INSERT INTO "
            + SCHEMA
            + ".keyset_unique_index SELECT NULL, md5(g::text)::uuid, g FROM generate_series(1, "
            + ROWS
            + ") g");
    for (String table : TABLES) {
      TestPostgres.execute("ANALYZE " + SCHEMA + "." + table);
    }
  }

  @AfterAll
  static void dropTables() throws SQLException {
    try {
      TestPostgres.execute(
          "DROP TABLE IF EXISTS " + SCHEMA + "." + String.join(", " + SCHEMA + ".", TABLES),
          "DROP COLLATION IF EXISTS " + COLLATION);
    } finally {
      TestPostgres.dropTables(TABLES.toArray(String[]::new));
    }
  }

  private static ExportPlan plan(String table) {
    ExportSpec spec =
        new ExportSpec(
            "keyset",
            new TableRef(SCHEMA, table),
            new FullMode(),
            ReadSettings.of(CHUNK_ROWS, 1000, 2),
            ValuePolicies.of(InfinityPolicy.CLAMP),
            new OutputSettings(
                Format.CSV,
                Compression.GZIP,
                Destination.parse("/tmp/rivet-planner-keyset"),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT);
    return PLANNER.plan(TestPostgres.source(), spec, "run-keyset");
  }

  private static void assertExact(ExportPlan plan, String table) throws SQLException {
    KeysetReads.assertExactAndBalanced(
        plan,
        TestPostgres::connect,
        "SELECT * FROM " + SCHEMA + "." + table,
        (int) (ROWS / CHUNK_ROWS),
        CHUNK_ROWS);
    KeysetReads.assertChunksUseTheIndex(plan, TestPostgres::connect, table);
  }

  @Test
  void shouldSplitAUuidPrimaryKeyIntoEqualChunksReadingEveryRowOnce() throws SQLException {
    ExportPlan plan = plan("keyset_uuid");

    assertThat(plan.splitKey().parts()).containsExactly(new KeyPart("id", KeyType.UUID));
    assertThat(plan.chunks().get(0).lowerInclusive()).isNull();
    assertThat(plan.chunks().get(plan.chunks().size() - 1).upperExclusive()).isNull();
    assertExact(plan, "keyset_uuid");
  }

  @Test
  void shouldSplitATextKeyInTheCCollation() throws SQLException {
    ExportPlan plan = plan("keyset_text_c");

    assertThat(plan.splitKey().parts()).containsExactly(new KeyPart("k", KeyType.TEXT));
    assertExact(plan, "keyset_text_c");
  }

  @Test
  void shouldSplitATextKeyInADeterministicIcuCollation() throws SQLException {
    ExportPlan plan = plan("keyset_text_icu");

    assertExact(plan, "keyset_text_icu");
    // ICU sorts 'a1' and 'A1' next to each other, C does not: the boundaries follow the source.
    assertThat(plan.chunks().get(1).lowerInclusive())
        .isNotEqualTo(plan("keyset_text_c").chunks().get(1).lowerInclusive());
  }

  @Test
  void shouldRefuseANondeterministicCollationAndSplitByBlockRangesInstead() {
    ExportPlan plan = plan("keyset_text_nd");

    assertThat(plan.strategy()).isEqualTo(Strategy.BLOCK_RANGE);
    assertThat(plan.chunks()).hasSizeGreaterThan(1);
    assertThat(plan.noteTexts())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(
                        "primary key keyset_text_nd_pkey: column k uses the nondeterministic"
                            + " collation keyset_ci")
                    .contains("split by physical block ranges"));
  }

  @Test
  void shouldWarnThatATableNeitherAKeyNorBlockRangesSplitIsReadInOneStatement() {
    ExportPlan plan = plan("keyset_nd_part");

    assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE_READ);
    assertThat(plan.chunks()).containsExactly(Chunk.whole());
    assertThat(plan.notes())
        .anySatisfy(n -> assertThat(n.code()).isEqualTo(NoteCode.UNCHUNKED_TABLE));
    assertThat(plan.noteTexts())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("uses the nondeterministic collation keyset_ci")
                    .contains("partitioned table"));
  }

  @Test
  void shouldFlagTheUnchunkableLargeTableInCheckWithTheReason() {
    PreflightReport report =
        new Preflight(Clock.systemUTC()).check(TestPostgres.source(), plan("keyset_nd_part"));

    assertThat(report.strategy()).isEqualTo(StrategyKind.SINGLE_READ);
    assertThat(report.findings(FindingCode.MISSING_INDEX))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .satisfies(
            f -> assertThat(f.get(FindingParam.REASON)).contains("nondeterministic collation"));
  }

  @Test
  void shouldReportTheKeysetStrategyInCheck() {
    PreflightReport report =
        new Preflight(Clock.systemUTC()).check(TestPostgres.source(), plan("keyset_int_text"));

    assertThat(report.strategy()).isEqualTo(StrategyKind.CHUNKED_BY_KEYSET);
    assertThat(report.findings(FindingCode.MISSING_INDEX)).isEmpty();
    assertThat(report.findings(FindingCode.SEQ_SCAN_PER_CHUNK)).isEmpty();
  }

  @Test
  void shouldSplitACompositeIntTextKey() throws SQLException {
    ExportPlan plan = plan("keyset_int_text");

    assertThat(plan.splitKey().parts())
        .containsExactly(new KeyPart("a", KeyType.INTEGER), new KeyPart("b", KeyType.TEXT));
    assertExact(plan, "keyset_int_text");
  }

  @Test
  void shouldSplitACompositeTextTimestampKey() throws SQLException {
    ExportPlan plan = plan("keyset_text_ts");

    assertThat(plan.splitKey().parts())
        .containsExactly(new KeyPart("t", KeyType.TEXT), new KeyPart("ts", KeyType.TIMESTAMP));
    assertExact(plan, "keyset_text_ts");
  }

  @Test
  void shouldSplitOnAUniqueNotNullIndexAndPassOverANullableOne() throws SQLException {
    ExportPlan plan = plan("keyset_unique_index");

    assertThat(plan.splitKey().describe()).isEqualTo("(id)");
    assertThat(plan.noteTexts().get(0))
        .startsWith("split on unique non-null index keyset_unique_index_id (id) by keyset ranges");
    assertExact(plan, "keyset_unique_index");
  }
}
