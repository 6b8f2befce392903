package dev.rivet.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.write.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fetch size of a chunk read follows the bytes actually read, on the real PostgreSQL and
 * MariaDB drivers; a value above max_value_size fails the chunk naming its column and key; running
 * out of heap while reading is a MEMORY failure.
 */
class FetchBudgetTest {
  private static final String TABLE = "rivet_fetch_budget_test";
  private static final String MARIADB = "rivet_fetch_budget_it";
  private static final int ROWS = 150;
  private static final int VALUE_BYTES = 64 * 1024;
  private static final long MIB = 1L << 20;

  private static final SourceConnection POSTGRES =
      new SourceConnection(
          env("RIVET_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
          env("RIVET_TEST_PG_USER", "postgres"),
          env("RIVET_TEST_PG_PASSWORD", ""));
  private static final SourceConnection MARIA =
      new SourceConnection(
          env("RIVET_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
          env("RIVET_TEST_MYSQL_USER", "root"),
          env("RIVET_TEST_MYSQL_PASSWORD", ""));

  @BeforeAll
  static void createTables() throws Exception {
    // 64 KiB values of 4 repeated characters per row: 9.4 MiB in all, compressed on disk.
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, body text, note varchar(20))",
        "INSERT INTO "
            + TABLE
            + " SELECT g, repeat(lpad(g::text, 4, '0'), "
            + VALUE_BYTES / 4
            + "), 'n' || g FROM generate_series(1, "
            + ROWS
            + ") g");
    maria(
        "CREATE DATABASE IF NOT EXISTS " + MARIADB,
        "DROP TABLE IF EXISTS " + MARIADB + "." + TABLE,
        "CREATE TABLE "
            + MARIADB
            + "."
            + TABLE
            + " (id bigint PRIMARY KEY, body longtext, note varchar(20))",
        "INSERT INTO "
            + MARIADB
            + "."
            + TABLE
            + " SELECT seq, REPEAT(LPAD(seq, 4, '0'), "
            + VALUE_BYTES / 4
            + "), CONCAT('n', seq) FROM seq_1_to_"
            + ROWS);
  }

  @AfterAll
  static void dropTables() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
    maria("DROP DATABASE IF EXISTS " + MARIADB);
  }

  @Test
  void shouldShrinkThePostgresFetchSizeWhenRowsAreWiderThanEstimated() throws Exception {
    // Estimated at 100 bytes a row, so the first fetch reads fetch_size (100) rows; half of the
    // 1 MiB budget holds 7 rows of 64 KiB and a few bytes.
    ExportPlan plan = plan(POSTGRES, SourceKind.POSTGRESQL, new TableRef("public", TABLE), 100);

    assertThat(FetchBudget.of(plan, 256 * MIB).fetchSize()).isEqualTo(100);
    assertReadShrinksTo(POSTGRES, plan, 7);
  }

  @Test
  void shouldShrinkTheMariaDbFetchSizeWhenRowsAreWiderThanEstimated() throws Exception {
    ExportPlan plan = plan(MARIA, SourceKind.MYSQL, new TableRef(MARIADB, TABLE), 100);

    assertThat(FetchBudget.of(plan, 256 * MIB).fetchSize()).isEqualTo(100);
    assertReadShrinksTo(MARIA, plan, 7);
  }

  @Test
  void shouldStartWithTheFetchSizeTheEstimatedWidthAllows() throws Exception {
    ExportPlan plan =
        plan(POSTGRES, SourceKind.POSTGRESQL, new TableRef("public", TABLE), VALUE_BYTES);

    // 512 KiB / 64 KiB; the rows read are 64 KiB and a few bytes, so the next fetches read 7.
    assertThat(FetchBudget.of(plan, 256 * MIB).fetchSize()).isEqualTo(8);
    assertReadShrinksTo(POSTGRES, plan, 7);
  }

  @Test
  void shouldKeepTheFetchSizeForNarrowRows() throws Exception {
    // The table without its wide column: nothing is measured, fetch_size stays.
    QueryText narrow = new QueryText("SELECT id, note FROM " + TABLE);
    ExportSpec spec =
        new ExportSpec(
                "budget_test",
                narrow,
                new FullMode(),
                ReadSettings.of(1_000_000, 100, 1),
                ValuePolicies.of(InfinityPolicy.DEFAULT),
                new OutputSettings(
                    Format.PARQUET,
                    Compression.NONE,
                    Destination.parse("/unused"),
                    OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                    null),
                CheckSettings.DEFAULT)
            .withMemory(new MemorySettings(1, 0));
    List<SourceColumn> all = columns(POSTGRES, new TableRef("public", TABLE));
    ExportPlan plan =
        new ExportPlan(
            "run-budget",
            spec,
            SourceKind.POSTGRESQL,
            List.of(all.get(0), all.get(2)),
            Strategy.SINGLE_READ,
            null,
            List.of(Chunk.whole()),
            1,
            ROWS,
            Instant.parse("2024-01-01T00:00:00Z"),
            List.of(),
            null,
            -1);
    List<Integer> fetchSizes = new ArrayList<>();

    long rows =
        ChunkReader.read(POSTGRES, plan, Chunk.whole(), rs -> fetchSizes.add(rs.getFetchSize()));

    assertThat(rows).isEqualTo(ROWS);
    assertThat(fetchSizes).containsOnly(100);
  }

  @Test
  void shouldRefuseAValueAboveMaxValueSizeNamingColumnAndKey() throws Exception {
    PostgresFixture.execute("UPDATE " + TABLE + " SET body = repeat('x', 70000) WHERE id = 42");
    try {
      ExportPlan plan =
          plan(POSTGRES, SourceKind.POSTGRESQL, new TableRef("public", TABLE), 100, 65_536);
      List<Long> ids = new ArrayList<>();

      assertThatThrownBy(
              () -> ChunkReader.read(POSTGRES, plan, Chunk.whole(), rs -> ids.add(rs.getLong(1))))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.MEMORY))
          .hasMessageContaining("export 'budget_test' chunk 0")
          .hasMessageContaining(
              "column body holds a value of 70000 bytes in the row where id = 42, more than"
                  + " max_value_size (65536 bytes)")
          .satisfies(e -> assertThat(((RivetException) e).hint()).contains("max_value_size"));
      assertThat(ids).hasSizeLessThan(ROWS).doesNotContain(42L);
    } finally {
      PostgresFixture.execute(
          "UPDATE "
              + TABLE
              + " SET body = repeat(lpad(id::text, 4, '0'), "
              + VALUE_BYTES / 4
              + ") WHERE id = 42");
    }
  }

  @Test
  void shouldRefuseAValueAboveMaxValueSizeReadThroughBinaryCopyNamingColumnAndKey()
      throws Exception {
    PostgresFixture.execute("UPDATE " + TABLE + " SET body = repeat('x', 70000) WHERE id = 42");
    try {
      ExportPlan plan =
          plan(POSTGRES, SourceKind.POSTGRESQL, new TableRef("public", TABLE), 100, 65_536);
      assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.COPY)).isEqualTo(ReadProtocol.COPY);
      List<Long> rows = new ArrayList<>();

      assertThatThrownBy(
              () ->
                  ChunkReader.read(
                      POSTGRES,
                      plan,
                      Chunk.whole(),
                      List.of(Chunk.whole()),
                      ReadProtocol.COPY,
                      row -> rows.add(row.sentBytes(1))))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.MEMORY))
          .hasMessageContaining("export 'budget_test' chunk 0")
          .hasMessageContaining(
              "column body holds a value of 70000 bytes in the row where id = 42, more than"
                  + " max_value_size (65536 bytes)");
      assertThat(rows).hasSizeLessThan(ROWS);
    } finally {
      PostgresFixture.execute(
          "UPDATE "
              + TABLE
              + " SET body = repeat(lpad(id::text, 4, '0'), "
              + VALUE_BYTES / 4
              + ") WHERE id = 42");
    }
  }

  @Test
  void shouldReportRunningOutOfHeapWhileReadingAsAMemoryFailure() throws Exception {
    ExportPlan plan = plan(POSTGRES, SourceKind.POSTGRESQL, new TableRef("public", TABLE), 100);

    // A real OutOfMemoryError from the JVM, as a writer buffering too much would meet it.
    assertThatThrownBy(
            () ->
                ChunkReader.read(
                    POSTGRES,
                    plan,
                    Chunk.whole(),
                    rs -> {
                      long[] tooLarge = new long[Integer.MAX_VALUE];
                      tooLarge[0] = rs.getLong(1);
                    }))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.MEMORY))
        .hasMessageContaining("export 'budget_test' chunk 0")
        .hasMessageContaining("the JVM ran out of heap while reading")
        .satisfies(
            e ->
                assertThat(((RivetException) e).hint())
                    .contains("batch_size_memory_mb")
                    .contains("max_value_size")
                    .contains("-Xmx"));
  }

  /** Reads the table, checking every row's value, and the fetch size set after the first row. */
  private static void assertReadShrinksTo(SourceConnection source, ExportPlan plan, int fetchSize) {
    List<Integer> fetchSizes = new ArrayList<>();
    Map<Long, String> bodies = new HashMap<>();

    long rows =
        ChunkReader.read(
            source,
            plan,
            Chunk.whole(),
            rs -> {
              fetchSizes.add(rs.getFetchSize());
              bodies.put(rs.getLong(1), rs.getString(2));
            });

    assertThat(rows).isEqualTo(ROWS);
    assertThat(bodies).hasSize(ROWS);
    bodies.forEach(
        (id, body) ->
            assertThat(body)
                .hasSize(VALUE_BYTES)
                .isEqualTo(String.format("%04d", id).repeat(VALUE_BYTES / 4)));
    assertThat(fetchSizes).containsOnly(fetchSize);
  }

  private static ExportPlan plan(
      SourceConnection source, SourceKind kind, TableRef table, long rowBytes) throws Exception {
    return plan(source, kind, table, rowBytes, 0);
  }

  private static ExportPlan plan(
      SourceConnection source, SourceKind kind, TableRef table, long rowBytes, long maxValue)
      throws Exception {
    ExportSpec spec =
        new ExportSpec(
                "budget_test",
                table,
                new FullMode(),
                ReadSettings.of(1_000_000, 100, 1),
                ValuePolicies.of(InfinityPolicy.DEFAULT),
                new OutputSettings(
                    Format.PARQUET,
                    Compression.NONE,
                    Destination.parse("/unused"),
                    OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                    null),
                CheckSettings.DEFAULT)
            .withMemory(new MemorySettings(1, maxValue));
    return new ExportPlan(
        "run-budget",
        spec,
        kind,
        columns(source, table),
        Strategy.KEY_RANGE,
        new SplitKey("id", KeyType.INTEGER),
        List.of(Chunk.whole()),
        1,
        ROWS,
        Instant.parse("2024-01-01T00:00:00Z"),
        List.of(),
        null,
        rowBytes);
  }

  private static List<SourceColumn> columns(SourceConnection source, TableRef table)
      throws Exception {
    String from = table.schema().equals("public") ? TABLE : table.schema() + "." + table.name();
    try (Connection c =
            DriverManager.getConnection(source.jdbcUrl(), source.user(), source.password());
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT * FROM " + from + " WHERE 1 = 0")) {
      var md = rs.getMetaData();
      List<SourceColumn> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(
            new SourceColumn(
                md.getColumnLabel(i),
                md.getColumnType(i),
                md.getColumnTypeName(i),
                md.getPrecision(i),
                md.getScale(i),
                true));
      }
      return columns;
    }
  }

  private static void maria(String... statements) throws Exception {
    try (Connection c =
            DriverManager.getConnection(MARIA.jdbcUrl(), MARIA.user(), MARIA.password());
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
