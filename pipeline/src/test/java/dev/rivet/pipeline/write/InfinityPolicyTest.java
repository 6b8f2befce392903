package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.pipeline.types.WarningCounts;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfinityPolicyTest {
  private static final String TABLE = "rivet_types_infinity_writer";
  private static final String QUERY = "SELECT * FROM " + TABLE + " ORDER BY id";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id int4 PRIMARY KEY, d date NOT NULL,"
            + " ts timestamp NOT NULL, tstz timestamptz NOT NULL, da date[])",
        "INSERT INTO "
            + TABLE
            + " VALUES"
            + " (1, 'infinity', '-infinity', 'infinity', '{infinity,2020-02-29}'),"
            + " (2, '-infinity', 'infinity', '-infinity', NULL),"
            + " (3, '2020-02-29', '2020-02-29 12:00:00.5', '2020-02-29 12:00:00.5+00', '{}')");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldClampInfinityToTheEndsOfTheCalendarAndCountIt() throws Exception {
    Path file = dir.resolve("clamp.parquet");

    FinishedFile written =
        ExportRunner.export(plan(Format.PARQUET, InfinityPolicy.CLAMP), QUERY, file);

    List<Map<String, Object>> rows = new ParquetReadBack(file).rows;
    assertThat(rows.get(0))
        .containsEntry("d", LocalDate.of(9999, 12, 31))
        .containsEntry("ts", LocalDateTime.of(1, 1, 1, 0, 0))
        .containsEntry("tstz", Instant.parse("9999-12-31T23:59:59.999999Z"))
        .containsEntry("da", Arrays.asList(LocalDate.of(9999, 12, 31), LocalDate.of(2020, 2, 29)));
    assertThat(rows.get(1))
        .containsEntry("d", LocalDate.of(1, 1, 1))
        .containsEntry("ts", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))
        .containsEntry("tstz", Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(rows.get(2))
        .containsEntry("ts", LocalDateTime.of(2020, 2, 29, 12, 0, 0, 500_000_000));
    assertThat(written.warnings()).containsExactly(entry(WarningCounts.INFINITY_CLAMPED, 7L));
  }

  @Test
  void shouldWriteNullForInfinityInOptionalColumnsAndCountIt() throws Exception {
    Path file = dir.resolve("null.parquet");

    FinishedFile written =
        ExportRunner.export(plan(Format.PARQUET, InfinityPolicy.NULL), QUERY, file);

    ParquetReadBack back = new ParquetReadBack(file);
    for (String column : List.of("d", "ts", "tstz")) {
      assertThat(back.schema().getType(column).getRepetition())
          .as("%s is NOT NULL in the source but may become NULL", column)
          .isEqualTo(Repetition.OPTIONAL);
    }
    assertThat(back.schema().getType("id").getRepetition()).isEqualTo(Repetition.REQUIRED);
    assertThat(back.rows.get(0))
        .containsEntry("d", null)
        .containsEntry("ts", null)
        .containsEntry("tstz", null)
        .containsEntry("da", Arrays.asList(null, LocalDate.of(2020, 2, 29)));
    assertThat(back.rows.get(2)).containsEntry("d", LocalDate.of(2020, 2, 29));
    assertThat(written.warnings()).containsExactly(entry(WarningCounts.INFINITY_NULLED, 7L));
  }

  @Test
  void shouldWriteInfinityAsEmptyCsvFieldUnderNullPolicy() throws Exception {
    Path file = dir.resolve("null.csv");

    ExportRunner.export(plan(Format.CSV, InfinityPolicy.NULL), QUERY, file);

    CsvReadBack back = CsvReadBack.of(file);
    assertThat(back.rows.get(1)).containsExactly("2", null, null, null, null);
    assertThat(back.rows.get(0).get(4)).isEqualTo("[null,\"2020-02-29\"]");
  }

  @Test
  void shouldFailOnInfinityNamingTheColumnUnderFailPolicy() {
    for (Format format : Format.values()) {
      Path file = dir.resolve("fail" + format.extension());

      assertThatThrownBy(() -> ExportRunner.export(plan(format, InfinityPolicy.FAIL), QUERY, file))
          .isInstanceOf(RivetException.class)
          .hasMessageContaining("column 'd' (date) holds infinity")
          .hasMessageContaining("row 1")
          .hasMessageContaining(file.toString())
          .satisfies(
              e -> {
                assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.DATA);
                assertThat(((RivetException) e).hint()).contains("on_infinity");
              });
    }
  }

  @Test
  void shouldNameTheRefusedRowByItsKeyWhenThePlanHasOne() throws Exception {
    // Key values far from the read positions: id 1000 is the first row read.
    String query = "SELECT id * 1000 AS id, d FROM " + TABLE + " ORDER BY id";
    for (Format format : Format.values()) {
      Path file = dir.resolve("keyed" + format.extension());
      ExportPlan plan = keyed(format, query, new SplitKey("id", KeyType.INTEGER));

      assertThatThrownBy(() -> ExportRunner.export(plan, query, file))
          .isInstanceOf(RivetException.class)
          .hasMessageContaining("column 'd' (date) holds infinity")
          .hasMessageContaining(file + ", the row where id = 1000)")
          .hasMessageNotContaining("row 1");
    }
  }

  @Test
  void shouldNameTheRefusedRowByItsPositionWhenItsKeyCannotBeRead() throws Exception {
    // The key ts of the failing row is -infinity itself, which the fail policy cannot read either.
    Path file = dir.resolve("unreadable-key.csv");
    ExportPlan plan = keyed(Format.CSV, QUERY, new SplitKey("ts", KeyType.TIMESTAMP));

    assertThatThrownBy(() -> ExportRunner.export(plan, QUERY, file))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("column 'd' (date) holds infinity")
        .hasMessageContaining("row 1 of the file (its key value cannot be read either)");
  }

  private static ExportPlan keyed(Format format, String query, SplitKey key) throws SQLException {
    ExportPlan base =
        PostgresFixture.plan(
            TABLE,
            PostgresFixture.columns(query),
            format,
            Compression.NONE,
            InfinityPolicy.FAIL,
            OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    return new ExportPlan(
        base.runId(),
        base.export(),
        base.source(),
        base.columns(),
        Strategy.KEY_RANGE,
        key,
        List.of(Chunk.whole()),
        1,
        -1,
        base.createdAt(),
        List.of());
  }

  @Test
  void shouldRefuseInfinityByDefaultBecauseEveryOtherPolicyCollidesWithARealValue() {
    assertThat(InfinityPolicy.DEFAULT).isEqualTo(InfinityPolicy.FAIL);
    for (Format format : Format.values()) {
      Path file = dir.resolve("default" + format.extension());

      assertThatThrownBy(
              () -> ExportRunner.export(plan(format, InfinityPolicy.DEFAULT), QUERY, file))
          .isInstanceOf(RivetException.class)
          .hasMessageContaining("column 'd' (date) holds infinity")
          .satisfies(
              e ->
                  assertThat(((RivetException) e).hint())
                      .contains("on_infinity: null")
                      .contains("on_infinity: clamp")
                      .contains("cannot tell them from the same real dates"));
    }
  }

  @Test
  void shouldExportTheRealDatesThatAClampWouldWriteExactly() throws Exception {
    // The values a clamp writes are real values too: the reason clamp is not the default.
    String query =
        "SELECT date '9999-12-31' AS d_max, date '0001-01-01' AS d_min,"
            + " date '5874897-12-31' AS d_far, date '4714-11-24 BC' AS d_bc";
    Path file = dir.resolve("real.parquet");

    FinishedFile written =
        ExportRunner.export(
            PostgresFixture.plan(
                TABLE,
                PostgresFixture.columns(query),
                Format.PARQUET,
                Compression.NONE,
                InfinityPolicy.DEFAULT,
                OutputSettings.DEFAULT_ROW_GROUP_BYTES),
            query,
            file);

    assertThat(new ParquetReadBack(file).rows.get(0))
        .containsEntry("d_max", LocalDate.of(9999, 12, 31))
        .containsEntry("d_min", LocalDate.of(1, 1, 1))
        .containsEntry("d_far", LocalDate.of(5874897, 12, 31))
        .containsEntry("d_bc", LocalDate.of(-4713, 11, 24));
    assertThat(written.warnings()).isEmpty();
  }

  private static ExportPlan plan(Format format, InfinityPolicy policy) {
    try {
      return PostgresFixture.plan(
          TABLE,
          PostgresFixture.columns(QUERY),
          format,
          Compression.NONE,
          policy,
          OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
