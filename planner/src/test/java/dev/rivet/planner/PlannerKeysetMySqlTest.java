package dev.rivet.planner;

import static dev.rivet.planner.TestMySql.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyset splits on MariaDB/MySQL: UUID text, text in utf8mb4_general_ci (where 'a' = 'A' and
 * trailing spaces do not count), composite (int, text), (text, int) with case- and space-variants
 * of one text, and (text, datetime) keys: exact output, chunks of chunk_rows rows, index range
 * reads.
 */
class PlannerKeysetMySqlTest {
  private static final Planner PLANNER = new Planner(Clock.systemUTC());
  private static final long CHUNK_ROWS = 1000;
  private static final int ROWS = 20_000;
  private static final List<String> TABLES =
      List.of(
          "keyset_uuid", "keyset_text_ci", "keyset_int_text", "keyset_text_int", "keyset_text_ts");

  private static final String DIGITS =
      "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
          + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8"
          + " UNION ALL SELECT 9)";

  /** 1 to {@value #ROWS} as column {@code g}. */
  private static final String SERIES =
      "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS g FROM "
          + DIGITS
          + " a, "
          + DIGITS
          + " b, "
          + DIGITS
          + " c, "
          + DIGITS
          + " e, "
          + DIGITS
          + " f WHERE a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d < "
          + ROWS
          + ") s";

  private static final String TEXT =
      "CONCAT(ELT(g % 4 + 1, 'a', 'A', 'é', 'b'''), g, REPEAT(' ', g % 3))";

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + DATABASE + "." + String.join(", " + DATABASE + ".", TABLES),
        "CREATE TABLE " + DATABASE + ".keyset_uuid (id CHAR(36) PRIMARY KEY, v INT NOT NULL)",
        "INSERT INTO "
            + DATABASE
            + ".keyset_uuid SELECT IF(g % 2 = 0, UPPER(u), u), g FROM (SELECT g, CONCAT("
            + "SUBSTR(MD5(g), 1, 8), '-', SUBSTR(MD5(g), 9, 4), '-', SUBSTR(MD5(g), 13, 4), '-',"
            + " SUBSTR(MD5(g), 17, 4), '-', SUBSTR(MD5(g), 21, 12)) u FROM "
            + SERIES
            + ") x",
        "CREATE TABLE "
            + DATABASE
            + ".keyset_text_ci (k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
            + " PRIMARY KEY, v INT NOT NULL)",
        "INSERT INTO " + DATABASE + ".keyset_text_ci SELECT " + TEXT + ", g FROM " + SERIES,
        "CREATE TABLE "
            + DATABASE
            + ".keyset_int_text (a INT, b VARCHAR(40) CHARACTER SET utf8mb4 COLLATE"
            + " utf8mb4_general_ci, v INT NOT NULL, PRIMARY KEY (a, b))",
        "INSERT INTO "
            + DATABASE
            + ".keyset_int_text SELECT g DIV 37, "
            + TEXT
            + ", g FROM "
            + SERIES,
        // Each text comes as 'a', 'A ' and 'a  ': equal in utf8mb4_general_ci, told apart by a.
        "CREATE TABLE "
            + DATABASE
            + ".keyset_text_int (b VARCHAR(40) CHARACTER SET utf8mb4 COLLATE"
            + " utf8mb4_general_ci, a INT, v INT NOT NULL, PRIMARY KEY (b, a))",
        "INSERT INTO "
            + DATABASE
            + ".keyset_text_int SELECT CONCAT(g DIV 3, ELT(g % 3 + 1, 'a', 'A ', 'a  ')), g % 3,"
            + " g FROM "
            + SERIES,
        "CREATE TABLE "
            + DATABASE
            + ".keyset_text_ts (t VARCHAR(10), ts DATETIME(6), v INT NOT NULL,"
            + " PRIMARY KEY (t, ts))",
        "INSERT INTO "
            + DATABASE
            + ".keyset_text_ts SELECT CONCAT('k', g % 17),"
            + " TIMESTAMP '2024-02-29 23:59:59.999999' + INTERVAL g * 60000001 MICROSECOND, g"
            + " FROM "
            + SERIES);
    for (String table : TABLES) {
      TestMySql.execute("ANALYZE TABLE " + DATABASE + "." + table);
    }
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.dropTables(TABLES.toArray(String[]::new));
  }

  private static ExportPlan plan(String table) {
    ExportSpec spec =
        new ExportSpec(
            "keyset",
            new TableRef(DATABASE, table),
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
    return PLANNER.plan(TestMySql.source(), spec, "run-keyset");
  }

  private static void assertExact(ExportPlan plan, String table) throws SQLException {
    KeysetReads.assertExactAndBalanced(
        plan,
        TestMySql::connect,
        "SELECT * FROM " + DATABASE + "." + table,
        (int) (ROWS / CHUNK_ROWS),
        CHUNK_ROWS);
    KeysetReads.assertChunksUseTheIndex(plan, TestMySql::connect, table);
  }

  @Test
  void shouldSplitAUuidTextKeyOfMixedCase() throws SQLException {
    ExportPlan plan = plan("keyset_uuid");

    assertThat(plan.splitKey().parts()).containsExactly(new KeyPart("id", KeyType.TEXT));
    assertExact(plan, "keyset_uuid");
  }

  @Test
  void shouldSplitATextKeyInACaseInsensitivePadSpaceCollation() throws SQLException {
    ExportPlan plan = plan("keyset_text_ci");

    assertExact(plan, "keyset_text_ci");
  }

  @Test
  void shouldSplitACompositeIntTextKey() throws SQLException {
    ExportPlan plan = plan("keyset_int_text");

    assertThat(plan.splitKey().parts())
        .containsExactly(new KeyPart("a", KeyType.INTEGER), new KeyPart("b", KeyType.TEXT));
    assertExact(plan, "keyset_int_text");
  }

  @Test
  void shouldPlaceBoundariesInsideARunOfCollationEqualTexts() throws SQLException {
    ExportPlan plan = plan("keyset_text_int");

    // 1000 is not a multiple of 3: some boundary splits the rows 'na', 'nA ', 'na  ' apart.
    assertThat(plan.chunks().subList(1, plan.chunks().size()))
        .anySatisfy(
            c -> assertThat(KeyTuple.decode(c.lowerInclusive()).values().get(1)).isNotEqualTo("0"));
    assertExact(plan, "keyset_text_int");
  }

  @Test
  void shouldSplitACompositeTextDatetimeKey() throws SQLException {
    ExportPlan plan = plan("keyset_text_ts");

    assertThat(plan.splitKey().parts())
        .containsExactly(new KeyPart("t", KeyType.TEXT), new KeyPart("ts", KeyType.TIMESTAMP));
    assertExact(plan, "keyset_text_ts");
  }
}
