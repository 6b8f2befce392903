package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.extract.ChunkSink;
import dev.rivet.pipeline.extract.ChunkWorker;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.ReadProtocols;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A chunk read through PostgreSQL's binary COPY writes exactly the bytes the JDBC path writes, for
 * every type COPY decodes and their edge values, in Parquet and CSV, under every infinity policy;
 * the JDBC path's values are checked against the source by {@link TypeMatrixWriterTest}.
 */
class CopyProtocolTest {
  private static final String TABLE = "copy_protocol_types";
  private static final String DOMAIN = "copy_protocol_posint";
  private static final String BIG = "copy_protocol_big";
  private static final long BIG_ROWS = 1_000_000;
  private static final String COLUMNS =
      "id int4 PRIMARY KEY, c_int2 int2, c_int4 int4, c_int8 int8, c_oid oid, c_float4 float4,"
          + " c_float8 float8, c_bool bool, c_num38 numeric(38,10), c_num19 numeric(19,0),"
          + " c_num18 numeric(18,4), c_num9 numeric(9,2), c_num_free numeric,"
          + " c_num_wide numeric(50,5), c_text text, c_varchar varchar(40), c_char char(5),"
          + " c_name name, c_dom "
          + DOMAIN
          + ", c_bytea bytea, c_uuid uuid, c_json json, c_jsonb jsonb, c_date date, c_time time,"
          + " c_ts timestamp, c_tstz timestamptz";
  private static final List<String> ROWS =
      List.of(
          "1, -32768, -2147483648, -9223372036854775808, 0, '-3.4028235e38',"
              + " '-1.7976931348623157e308', false, '-9999999999999999999999999999.9999999999',"
              + " '-9999999999999999999', '-99999999999999.9999', '-9999999.99',"
              + " '-123456789012345678901234567890123456789012345678901234567890.123',"
              + " '-123456789012345678901234567890123456789012345.56789', '', 'a', 'ab', 'n', 1,"
              + " '\\x00ff00', '00000000-0000-0000-0000-000000000000', '{\"a\": [1, 2]}',"
              + " '{\"b\": null, \"a\": 1}', '1900-01-01', '00:00:00', '1900-01-01 00:00:00',"
              + " '1900-01-01 00:00:00+00'",
          "2, 32767, 2147483647, 9223372036854775807, 4294967295, '3.4028235e38',"
              + " '1.7976931348623157e308', true, '9999999999999999999999999999.9999999999',"
              + " '9999999999999999999', '99999999999999.9999', '9999999.99', 'NaN', '0.00001',"
              + " 'emoji 😀 CJK 漢字 combining e\u0301', 'a,\"b\"' || chr(10) || 'c', 'abcde',"
              + " 'name_max', 2147483647, '', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '[]',"
              + " '[1, \"x\", {\"k\": [true]}]', '2999-12-31', '23:59:59.999999',"
              + " '2999-12-31 23:59:59.999999', '2999-12-31 23:59:59.999999+00'",
          "3" + ", NULL".repeat(26),
          "4, 0, 0, 0, 0, '1.4e-45', '4.9e-324', false, '0.0000000001', '0', '0.0001', '0.01',"
              + " '-Infinity', '-0.00001', ' ', 'tail space ', 'x', '', 7, '\\x00',"
              + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'null', '\"s\"', 'infinity',"
              + " '24:00:00', '-infinity', 'infinity'",
          "5, -1, -1, -1, 1, '-0', '-0', true, '-0.0000000001', '1', '-0.0001', '-0.01', '1e-20',"
              + " '-1.5', 'line1' || chr(13) || chr(10) || 'line2', 'tab' || chr(9) || 'x', 'z',"
              + " 'nm', 3, '\\x000000', '123e4567-e89b-12d3-a456-426614174000',"
              + " '{\"nested\": {\"a\": [1.5e10, -0]}}', '{\"big\": 12345678901234567890}',"
              + " '0044-03-15 BC', '12:00:00.000001', '1969-12-31 23:59:59.999999',"
              + " '1969-12-31 23:59:59.999999+00'",
          "6, 1, 1, 1, 1, 'NaN', 'Infinity', true, '0', '0', '0', '0', '0', '0', 'x', 'x', 'x',"
              + " 'x', 1, '\\x', '123e4567-e89b-12d3-a456-426614174000', '1', '1', '5874897-12-31',"
              + " '00:00:00.5', '0001-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC'",
          "7, 1, 1, 1, 1, '-Infinity', '-Infinity', true, '0.5', '1000000000000000000',"
              + " '12345678901234.5', '1.5', '1000000000000000000000000000000000000000000',"
              + " '0.000000000000000000000000000000000000000000001', 'x', 'x', 'x', 'x', 1, '\\x01',"
              + " '123e4567-e89b-12d3-a456-426614174000', '1', '1', '4714-11-24 BC', '00:00:01',"
              + " '100000-01-01 00:00:00', '100000-01-01 00:00:00+00'",
          "8, 1, 1, 1, 1, '1', '1', true, '123.456', '-1000000000000000000', '-12345678901234.5',"
              + " '-1.5', '-1e-1000', '-99999.99999', 'x', 'x', 'x', 'x', 1, '\\x01',"
              + " '123e4567-e89b-12d3-a456-426614174000', '1', '1', '2000-01-01', '00:00:01',"
              + " '2000-01-01 00:00:00', '1999-12-31 23:59:59.999999-08'");

  private static List<SourceColumn> columns;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    dropTable();
    PostgresFixture.execute(
        "CREATE DOMAIN " + DOMAIN + " AS int4 CHECK (VALUE > 0)",
        "CREATE TABLE " + TABLE + " (" + COLUMNS + ")",
        "INSERT INTO " + TABLE + " VALUES (" + String.join("), (", ROWS) + ")");
    columns = PostgresFixture.columns("SELECT * FROM " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE, "DROP DOMAIN IF EXISTS " + DOMAIN);
  }

  @Test
  void shouldChooseCopyOnlyWhenEveryColumnDecodes() throws Exception {
    ExportPlan plan = plan(Format.PARQUET, InfinityPolicy.CLAMP, columns, null, Chunk.whole());
    assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.COPY);
    assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.COPY)).isEqualTo(ReadProtocol.COPY);
    assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.JDBC)).isEqualTo(ReadProtocol.JDBC);

    List<SourceColumn> withInterval =
        PostgresFixture.columns("SELECT id, '1 day'::interval AS c_interval FROM " + TABLE);
    ExportPlan mixed =
        plan(Format.PARQUET, InfinityPolicy.CLAMP, withInterval, null, Chunk.whole());
    assertThat(ReadProtocols.protocolFor(mixed, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.JDBC);
    assertThatThrownBy(() -> ReadProtocols.protocolFor(mixed, ReadProtocol.COPY))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.getMessage())
                  .contains("tuning.read_protocol to copy")
                  .contains("'c_interval' (interval)")
                  .doesNotContain("'id'");
              assertThat(e.hint()).contains("auto");
            });
  }

  @ParameterizedTest
  @EnumSource(InfinityPolicy.class)
  void shouldWriteTheSameParquetAndCsvBytesThroughCopyAsThroughJdbc(InfinityPolicy policy)
      throws Exception {
    for (Format format : Format.values()) {
      ExportPlan plan = plan(format, policy, columns, null, Chunk.whole());
      if (policy == InfinityPolicy.FAIL) {
        for (ReadProtocol protocol : List.of(ReadProtocol.JDBC, ReadProtocol.COPY)) {
          assertThatThrownBy(() -> write(plan, List.of(Chunk.whole()), protocol, "fail"))
              .as("%s through %s", format, protocol)
              .isInstanceOfSatisfying(
                  RivetException.class,
                  e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.DATA);
                    assertThat(e.getMessage()).contains("infinity");
                  });
        }
        continue;
      }
      FinishedFile jdbc = write(plan, List.of(Chunk.whole()), ReadProtocol.JDBC, "jdbc");
      FinishedFile copy = write(plan, List.of(Chunk.whole()), ReadProtocol.COPY, "copy");

      assertThat(jdbc.rows()).isEqualTo(sourceCount("TRUE"));
      assertThat(copy.rows()).isEqualTo(jdbc.rows());
      assertThat(Files.readAllBytes(dir.resolve("copy")))
          .as("%s under %s", format, policy)
          .isEqualTo(Files.readAllBytes(dir.resolve("jdbc")));
      assertThat(copy.sha256()).isEqualTo(jdbc.sha256());
      assertThat(copy.warnings()).isEqualTo(jdbc.warnings()).isNotEmpty();
    }
  }

  @Test
  void shouldReadEachSubRangeOfAKeyRangeThroughCopyExactlyOnce() throws Exception {
    for (SplitKey key :
        List.of(new SplitKey("id", KeyType.INTEGER), new SplitKey("c_tstz", KeyType.TIMESTAMPTZ))) {
      String[] bounds =
          key.type() == KeyType.INTEGER
              ? new String[] {"2", "4", "7"}
              : new String[] {"1900-01-01T00:00Z", "1999-12-31T23:00Z", "2000-01-01T08:00Z"};
      Chunk chunk = new Chunk(0, bounds[0], bounds[2]);
      List<Chunk> ranges =
          List.of(new Chunk(0, bounds[0], bounds[1]), new Chunk(0, bounds[1], bounds[2]));
      ExportPlan plan = plan(Format.CSV, InfinityPolicy.CLAMP, columns, key, chunk);

      FinishedFile jdbc = write(plan, ranges, ReadProtocol.JDBC, "jdbc");
      FinishedFile copy = write(plan, ranges, ReadProtocol.COPY, "copy");

      String column = key.type() == KeyType.INTEGER ? "id" : "c_tstz";
      String literal = key.type() == KeyType.INTEGER ? "%s" : "'%s'::timestamptz";
      long inRange =
          sourceCount(
              column
                  + " >= "
                  + String.format(literal, bounds[0])
                  + " AND "
                  + column
                  + " < "
                  + String.format(literal, bounds[2]));
      assertThat(inRange).as(key.column()).isGreaterThan(1);
      assertThat(jdbc.rows()).as(key.column()).isEqualTo(inRange);
      assertThat(copy.rows()).as(key.column()).isEqualTo(inRange);
      assertThat(Files.readAllBytes(dir.resolve("copy")))
          .as(key.column())
          .isEqualTo(Files.readAllBytes(dir.resolve("jdbc")));
    }
  }

  @Test
  void shouldFailACopyReadWhoseColumnsDriftedFromThePlanBeforeReadingARow() throws Exception {
    List<SourceColumn> planned = new ArrayList<>(columns);
    int text =
        planned.indexOf(planned.stream().filter(c -> c.name().equals("c_text")).findFirst().get());
    SourceColumn was = planned.get(text);
    planned.set(
        text, new SourceColumn(was.name(), Types.VARCHAR, "varchar", 40, 0, was.nullable()));
    ExportPlan plan = plan(Format.CSV, InfinityPolicy.CLAMP, planned, null, Chunk.whole());
    assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.COPY);
    List<Object> rows = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ChunkReader.read(
                    source(),
                    plan,
                    Chunk.whole(),
                    List.of(Chunk.whole()),
                    ReadProtocol.COPY,
                    rows::add))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.SCHEMA_DRIFT);
              assertThat(e.getMessage()).contains("c_text text but was planned as c_text varchar");
            });
    assertThat(rows).isEmpty();
  }

  @Test
  void shouldRetryAChunkWhoseCopyLostItsBackendAndWriteEveryRowOnce() throws Exception {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + BIG,
        "CREATE TABLE " + BIG + " (id int8 PRIMARY KEY)",
        "INSERT INTO " + BIG + " SELECT g FROM generate_series(1, " + BIG_ROWS + ") g");
    try {
      ExportPlan base =
          PostgresFixture.plan(
              BIG,
              PostgresFixture.columns("SELECT * FROM " + BIG),
              Format.CSV,
              Compression.NONE,
              InfinityPolicy.CLAMP,
              OutputSettings.DEFAULT_ROW_GROUP_BYTES);
      ExportPlan plan =
          plan(base, new SplitKey("id", KeyType.INTEGER), new Chunk(0, "1", "999999999"));
      assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.COPY);
      ColumnReader id =
          new ColumnReader(
              TypeMapper.map(plan.columns(), plan.source()).get(0),
              1,
              ValuePolicies.of(plan),
              new WarningCounts());
      IdSink sink = new IdSink(id);

      try (ChunkWorker<Long> worker = ChunkWorker.open(plan, source(), null, null, c -> sink)) {
        long rows = worker.write(plan.chunks().get(0));

        assertThat(rows).isEqualTo(BIG_ROWS);
      }
      assertThat(sink.attempts).isEqualTo(2);
      assertThat(sink.terminated).isTrue();
      assertThat(sink.sum).isEqualTo(BIG_ROWS * (BIG_ROWS + 1) / 2);
    } finally {
      PostgresFixture.execute("DROP TABLE IF EXISTS " + BIG);
    }
  }

  /**
   * Sums the ids of an attempt; in the first attempt, after its first row, ends the backend that
   * runs the COPY, as a lost connection would.
   */
  private static final class IdSink implements ChunkSink<Long> {
    private final ColumnReader id;
    private int attempts;
    private boolean terminated;
    private long rows;
    private long sum;
    private boolean started;

    IdSink(ColumnReader id) {
      this.id = id;
    }

    @Override
    public void writeRow(SourceRow row) throws SQLException {
      if (!started) {
        started = true;
        attempts++;
      }
      if (!terminated) {
        try (Connection c = PostgresFixture.connect();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE"
                        + " 'COPY (SELECT %"
                        + BIG
                        + "%' AND pid <> pg_backend_pid()")) {
          terminated = rs.next() && rs.getBoolean(1);
        }
      }
      rows++;
      sum += (Long) row.value(id);
    }

    @Override
    public boolean emitted() {
      return false;
    }

    @Override
    public Long finish() {
      return rows;
    }

    @Override
    public List<WrittenFile> records(Long written) {
      return List.of();
    }

    @Override
    public void abort(Exception failure) {
      rows = 0;
      sum = 0;
      started = false;
    }

    @Override
    public RivetException cannotWrite(IOException e) {
      return new RivetException(FailureKind.DESTINATION, e.getMessage(), "none", e);
    }
  }

  private FinishedFile write(
      ExportPlan plan, List<Chunk> ranges, ReadProtocol protocol, String name) throws Exception {
    Path file = dir.resolve(name);
    try (ChunkFileWriter writer =
        ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
      ChunkReader.read(source(), plan, plan.chunks().get(0), ranges, protocol, writer::writeRow);
      return writer.finish();
    }
  }

  private static long sourceCount(String where) throws Exception {
    try (Connection c = PostgresFixture.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  private static ExportPlan plan(
      Format format, InfinityPolicy policy, List<SourceColumn> columns, SplitKey key, Chunk chunk) {
    return plan(
        PostgresFixture.plan(
            TABLE,
            columns,
            format,
            Compression.ZSTD,
            policy,
            OutputSettings.DEFAULT_ROW_GROUP_BYTES),
        key,
        chunk);
  }

  private static ExportPlan plan(ExportPlan base, SplitKey key, Chunk chunk) {
    return new ExportPlan(
        base.runId(),
        base.export(),
        base.source(),
        base.columns(),
        key == null ? Strategy.SINGLE_READ : Strategy.KEY_RANGE,
        key,
        List.of(chunk),
        1,
        -1,
        base.createdAt(),
        List.of());
  }
}
