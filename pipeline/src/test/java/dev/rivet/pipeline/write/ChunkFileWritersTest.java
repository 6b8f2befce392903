package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.pipeline.types.JdbcRow;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFileWritersTest {
  private static final String TABLE = "rivet_types_errors_writer";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id int4 PRIMARY KEY, price numeric(10,2), grid int4[],"
            + " ts timestamp, label text)",
        "INSERT INTO "
            + TABLE
            + " VALUES (1, 1.50, '{1,2}', '2020-01-01', 'a'),"
            + " (2, 'NaN', '{{1,2},{3,4}}', '294276-12-31 23:59:59.999999', 'b')");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFailOnNumericNaNInDecimalColumnNamingColumnAndValue() {
    assertDataError(
        "SELECT id, price FROM " + TABLE + " ORDER BY id",
        "column 'price' (numeric) holds NaN, which a DECIMAL(10,2) cannot represent",
        "as text",
        Format.values());
  }

  @Test
  void shouldFailOnAnArrayOfMoreDimensionsThanItsQueryColumnNamingTheColumn() {
    // A query's column declares no dimensions: it is written as a list of one dimension.
    assertDataError(
        "SELECT id, grid FROM " + TABLE + " ORDER BY id",
        "column 'grid' (_int4) holds an array of 2 dimensions, but the column is written as a list"
            + " of 1 dimension",
        "to_json(col)::text",
        Format.values());
  }

  @Test
  void shouldFailOnTimestampBeyondParquetMicrosecondRange() {
    assertDataError(
        "SELECT id, ts FROM " + TABLE + " ORDER BY id",
        "column 'ts' (timestamp) holds +294276-12-31T23:59:59.999999, outside the range",
        "as text",
        Format.PARQUET);
  }

  private void assertDataError(String query, String message, String hint, Format... formats) {
    for (Format format : formats) {
      Path file = dir.resolve("bad" + format.extension());
      assertThatThrownBy(() -> ExportRunner.export(plan(query, format), query, file))
          .isInstanceOf(RivetException.class)
          .hasMessageContaining(message)
          .hasMessageContaining("row 2")
          .satisfies(
              e -> {
                assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.DATA);
                assertThat(((RivetException) e).hint()).contains(hint);
              });
    }
  }

  @Test
  void shouldWriteFarFutureTimestampToCsv() throws Exception {
    String query = "SELECT id, ts FROM " + TABLE + " ORDER BY id";
    Path file = dir.resolve("future.csv");

    ExportRunner.export(plan(query, Format.CSV), query, file);

    assertThat(CsvReadBack.of(file).rows.get(1))
        .containsExactly("2", "+294276-12-31T23:59:59.999999");
  }

  @Test
  void shouldWriteEndOfDayTimesExactly() throws Exception {
    String query = "SELECT '24:00:00'::time AS t, '24:00:00-05:30'::timetz AS tz";
    Path parquet = dir.resolve("end.parquet");
    Path csv = dir.resolve("end.csv");

    ExportRunner.export(plan(query, Format.PARQUET), query, parquet);
    ExportRunner.export(plan(query, Format.CSV), query, csv);

    assertThat(new ParquetReadBack(parquet).rows.get(0))
        .containsEntry("t", 86_400_000_000L)
        .containsEntry("tz", "24:00:00-05:30");
    assertThat(CsvReadBack.of(csv).rows.get(0)).containsExactly("24:00:00", "24:00:00-05:30");
  }

  @Test
  void shouldRejectDuplicateColumnNamesAndCloseTheStream() throws Exception {
    String query = "SELECT id, label AS id FROM " + TABLE;
    TrackingStream out = new TrackingStream();

    assertThatThrownBy(() -> ChunkFileWriters.open(plan(query, Format.PARQUET), out, "dup.parquet"))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("two columns named 'id'")
        .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.USER_CONFIG));
    assertThat(out.closed).isTrue();
  }

  @Test
  void shouldCloseTheStreamOnAbortAndIgnoreCloseAfterFinish() throws Exception {
    String query = "SELECT id, price FROM " + TABLE + " ORDER BY id";
    for (Format format : Format.values()) {
      TrackingStream aborted = new TrackingStream();
      try (Connection connection = PostgresFixture.readSession();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(query)) {
        ChunkFileWriter writer = ChunkFileWriters.open(plan(query, format), aborted, "abort");
        rs.next();
        writer.writeRow(new JdbcRow(rs));
        rs.next();
        assertThatThrownBy(() -> writer.writeRow(new JdbcRow(rs)))
            .isInstanceOf(RivetException.class);
        writer.close();
        writer.close();
        assertThat(aborted.closed).as(format.name()).isTrue();
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
        connection.rollback();
      }

      TrackingStream finished = new TrackingStream();
      ChunkFileWriter writer = ChunkFileWriters.open(plan(query, format), finished, "finish");
      FinishedFile written = writer.finish();
      writer.close();
      assertThat(finished.closed).isTrue();
      assertThat(written.bytes()).isEqualTo(finished.size());
      assertThat(written.rows()).isZero();
    }
  }

  @Test
  void shouldWriteReadableFilesWithNoRows() throws Exception {
    String query = "SELECT id, label FROM " + TABLE + " WHERE false";
    Path parquet = dir.resolve("empty.parquet");
    Path csv = dir.resolve("empty.csv");

    FinishedFile parquetFile = ExportRunner.export(plan(query, Format.PARQUET), query, parquet);
    FinishedFile csvFile = ExportRunner.export(plan(query, Format.CSV), query, csv);

    assertThat(new ParquetReadBack(parquet).rows).isEmpty();
    ExportRunner.assertDescribes(parquetFile, parquet, 0);
    assertThat(Files.readString(csv)).isEqualTo("\"id\",\"label\"\r\n");
    ExportRunner.assertDescribes(csvFile, csv, 0);
  }

  @Test
  void shouldFlushRowGroupsOfTheConfiguredSize() throws Exception {
    String query =
        "SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS label"
            + " FROM generate_series(1, 200000) g ORDER BY g";
    Path file = dir.resolve("groups.parquet");
    ExportPlan plan =
        PostgresFixture.plan(
            TABLE,
            PostgresFixture.columns(query),
            Format.PARQUET,
            Compression.SNAPPY,
            InfinityPolicy.CLAMP,
            1024 * 1024);

    FinishedFile written = ExportRunner.export(plan, query, file);

    ParquetReadBack back = new ParquetReadBack(file);
    assertThat(back.footer.getBlocks()).hasSizeGreaterThan(3);
    assertThat(back.rows).hasSize(200_000);
    assertThat(back.rows.get(199_999)).containsEntry("id", 200_000);
    ExportRunner.assertDescribes(written, file, 200_000);
  }

  private static ExportPlan plan(String query, Format format) throws SQLException {
    return PostgresFixture.plan(
        TABLE,
        PostgresFixture.columns(query),
        format,
        Compression.NONE,
        InfinityPolicy.CLAMP,
        OutputSettings.DEFAULT_ROW_GROUP_BYTES);
  }

  /** A real in-memory destination that remembers whether it was closed. */
  private static final class TrackingStream extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
