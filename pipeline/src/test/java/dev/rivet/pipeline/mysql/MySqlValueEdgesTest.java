package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.pipeline.types.WarningCounts;
import dev.rivet.pipeline.write.FinishedFile;
import dev.rivet.pipeline.write.ParquetReadBack;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MySQL values that no mapped type holds: they fail loudly or follow the zero-date policy. */
class MySqlValueEdgesTest {
  private static final String TABLE = "rivet_types_mysql_edges";
  private static final String FROM = " FROM " + MariaDbFixture.DATABASE + "." + TABLE;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    MariaDbFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, flag tinyint(1), d date NOT NULL)",
        "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'",
        "INSERT INTO " + TABLE + " VALUES (1, 1, '2020-02-29'), (2, 2, '2021-02-31')");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    MariaDbFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFailNamingTheColumnWhenTinyint1HoldsAValueOtherThan0Or1() throws SQLException {
    String query = "SELECT id, flag" + FROM + " ORDER BY id";
    ExportPlan plan = plan(query, ZeroDatePolicy.NULL);

    assertThatThrownBy(() -> MariaDbFixture.export(plan, query, dir.resolve("flag.parquet")))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.DATA))
        .hasMessageContaining("column 'flag' (BOOLEAN) holds 2")
        .hasMessageContaining("row 2");
  }

  @Test
  void shouldWriteAnInvalidDateAsCountedNullInAnOptionalColumn() throws Exception {
    String query = "SELECT id, d" + FROM + " ORDER BY id";
    Path file = dir.resolve("invalid.parquet");

    FinishedFile written = MariaDbFixture.export(plan(query, ZeroDatePolicy.NULL), query, file);

    ParquetReadBack back = new ParquetReadBack(file);
    assertThat(back.schema().getType("d").getRepetition()).isEqualTo(Repetition.OPTIONAL);
    assertThat(back.rows)
        .extracting(row -> row.get("d"))
        .containsExactly(LocalDate.of(2020, 2, 29), null);
    assertThat(written.warnings()).containsExactly(entry(WarningCounts.ZERO_DATE_NULLED, 1L));
  }

  @Test
  void shouldKeepANotNullDateColumnRequiredWhenZeroDatesFail() throws Exception {
    String query = "SELECT id, d" + FROM + " WHERE id = 1";
    Path file = dir.resolve("required.parquet");

    MariaDbFixture.export(plan(query, ZeroDatePolicy.FAIL), query, file);

    ParquetReadBack back = new ParquetReadBack(file);
    assertThat(back.schema().getType("d").getRepetition()).isEqualTo(Repetition.REQUIRED);
    assertThat(back.rows).containsExactly(Map.of("id", 1, "d", LocalDate.of(2020, 2, 29)));
  }

  private static ExportPlan plan(String query, ZeroDatePolicy onZeroDate) throws SQLException {
    return MariaDbFixture.plan(
        TABLE, MariaDbFixture.columns(query), Format.PARQUET, Compression.ZSTD, onZeroDate);
  }
}
