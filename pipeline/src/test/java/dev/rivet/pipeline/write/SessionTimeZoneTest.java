package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.ReadProtocols;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text forms that hold a {@code timestamptz} (ranges, composites, arrays) are written the same
 * whatever the exporting JVM's time zone: pgjdbc starts each session in the JVM's zone, and the
 * chunk-read session sets it to UTC.
 */
class SessionTimeZoneTest {
  private static final String TABLE = "types_session_zone";
  private static final String COMPOSITE = "types_session_zone_stamp";
  private static final List<String> ZONES = List.of("Asia/Kathmandu", "America/Los_Angeles");

  private static List<SourceColumn> columns;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    dropTable();
    PostgresFixture.execute(
        "CREATE TYPE " + COMPOSITE + " AS (at timestamptz, note text)",
        "CREATE TABLE "
            + TABLE
            + " (id int4 PRIMARY KEY, c_range tstzrange, c_comp "
            + COMPOSITE
            + ", c_tstz_arr timestamptz[], c_tstz timestamptz)",
        "INSERT INTO "
            + TABLE
            + " VALUES (1, '[2024-03-10 01:30:00+00, 2024-11-03 09:15:00.5+00)',"
            + " ROW('2024-06-30 23:59:59.999999+00', 'x'), '{\"2000-01-01 00:00:00+00\",NULL}',"
            + " '2024-06-30 23:59:59.999999+00'), (2, NULL, NULL, NULL, NULL),"
            + " (3, 'empty', ROW(NULL, NULL), '{}', '1900-01-01 00:00:00+00')");
    columns = PostgresFixture.columns("SELECT * FROM " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE, "DROP TYPE IF EXISTS " + COMPOSITE);
  }

  @Test
  void shouldWriteTheSameBytesUnderEveryJvmTimeZone() throws Exception {
    for (Format format : Format.values()) {
      List<byte[]> written = new ArrayList<>();
      for (String zone : ZONES) {
        written.add(writeIn(zone, plan(format, columns), ReadProtocol.AUTO));
      }
      assertThat(Arrays.equals(written.get(1), written.get(0)))
          .as("%s bytes written in %s and in %s are equal", format, ZONES.get(0), ZONES.get(1))
          .isTrue();
    }
  }

  @Test
  void shouldWriteTimestamptzTextFormsInUtcAsTheSourceHoldsThem() throws Exception {
    Path file = dir.resolve("out.csv");
    Files.write(file, writeIn(ZONES.get(0), plan(Format.CSV, columns), ReadProtocol.AUTO));

    CsvReadBack back = CsvReadBack.of(file);
    assertThat(back.rows).hasSize(3);
    List<List<String>> source = sourceTextInUtc();
    for (int i = 0; i < source.size(); i++) {
      List<String> row = back.rows.get(i);
      assertThat(row.subList(0, 3)).isEqualTo(source.get(i));
    }
    assertThat(back.rows.get(0).get(1))
        .isEqualTo("[\"2024-03-10 01:30:00+00\",\"2024-11-03 09:15:00.5+00\")");
    assertThat(back.rows.get(0).get(2)).isEqualTo("(\"2024-06-30 23:59:59.999999+00\",x)");
    assertThat(back.rows.get(0).get(3)).isEqualTo("[\"2000-01-01T00:00:00Z\",null]");
  }

  @Test
  void shouldReadTimestamptzThroughCopyTheSameUnderEveryJvmTimeZone() throws Exception {
    List<SourceColumn> copyable = List.of(columns.get(0), columns.get(4));
    ExportPlan plan = plan(Format.CSV, copyable);
    assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.COPY);

    byte[] first = writeIn(ZONES.get(0), plan, ReadProtocol.COPY);
    byte[] second = writeIn(ZONES.get(1), plan, ReadProtocol.COPY);

    assertThat(new String(second, StandardCharsets.UTF_8))
        .isEqualTo(new String(first, StandardCharsets.UTF_8));
    assertThat(new String(first, StandardCharsets.UTF_8))
        .contains("\"1\",\"2024-06-30T23:59:59.999999Z\"")
        .contains("\"3\",\"1900-01-01T00:00:00Z\"");
  }

  /** Exports the table with the JVM's default zone set to {@code zone} while the chunk is read. */
  private byte[] writeIn(String zone, ExportPlan plan, ReadProtocol protocol) throws Exception {
    Path file = dir.resolve("out-" + zone.replace('/', '-'));
    TimeZone was = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    try (ChunkFileWriter writer =
        ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
      ChunkReader.read(
          source(), plan, plan.chunks().get(0), plan.chunks(), protocol, writer::writeRow);
      writer.finish();
    } finally {
      TimeZone.setDefault(was);
    }
    return Files.readAllBytes(file);
  }

  private static List<List<String>> sourceTextInUtc() throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = PostgresFixture.connect();
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs =
          s.executeQuery("SELECT id, c_range::text, c_comp::text FROM " + TABLE + " ORDER BY id")) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          row.add(rs.getString(1));
          row.add(rs.getString(2));
          row.add(rs.getString(3));
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  private static ExportPlan plan(Format format, List<SourceColumn> columns) {
    return PostgresFixture.plan(
        TABLE,
        columns,
        format,
        Compression.NONE,
        InfinityPolicy.CLAMP,
        OutputSettings.DEFAULT_ROW_GROUP_BYTES);
  }
}
