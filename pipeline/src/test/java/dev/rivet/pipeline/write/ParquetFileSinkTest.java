package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.ValuePolicies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

/**
 * {@link ParquetFileSink} writes the file parquet-java's {@code ParquetWriter} writes (the writer
 * Rivet used before) with the same settings, byte for byte: every flat kind, NULLs, several pages
 * and row groups; straight into the column writers and through the record consumer alike.
 */
class ParquetFileSinkTest {
  private static final int ROWS = 20_000;

  /** Small, so that the rows make several row groups. */
  private static final long ROW_GROUP_BYTES = 128 * 1024;

  private static final Map<String, String> METADATA = Map.of("rivet.export", "sink_test");

  private static final List<ColumnType> TYPES =
      List.of(
          scalar("id", LogicalKind.INT64, false),
          scalar("flag", LogicalKind.BOOLEAN, true),
          scalar("small", LogicalKind.INT16, true),
          scalar("int", LogicalKind.INT32, false),
          scalar("big", LogicalKind.INT64, true),
          scalar("real", LogicalKind.FLOAT, true),
          scalar("double", LogicalKind.DOUBLE, true),
          ColumnType.decimal("d9", "numeric(9,2)", SourceKind.POSTGRESQL, true, 9, 2),
          ColumnType.decimal("d18", "numeric(18,4)", SourceKind.POSTGRESQL, false, 18, 4),
          ColumnType.decimal("d30", "numeric(30,6)", SourceKind.POSTGRESQL, true, 30, 6),
          scalar("text", LogicalKind.STRING, true),
          scalar("bytes", LogicalKind.BYTES, true),
          scalar("uuid", LogicalKind.UUID, true),
          scalar("day", LogicalKind.DATE, true),
          scalar("time", LogicalKind.TIME, true),
          scalar("ts", LogicalKind.TIMESTAMP, true),
          scalar("tstz", LogicalKind.TIMESTAMPTZ, true));

  @Test
  void writesTheFileOfParquetJavasWriterByteForByte() throws IOException {
    List<Object[]> rows = rows();
    byte[] before = parquetWriter(rows);
    byte[] direct = sink(rows, true);
    byte[] consumer = sink(rows, false);
    assertThat(rowGroups(before)).as("row groups").isGreaterThanOrEqualTo(3);
    assertThat(firstDifference(direct, before)).as("first differing byte, direct").isEqualTo(-1);
    assertThat(firstDifference(consumer, before))
        .as("first differing byte, record consumer")
        .isEqualTo(-1);
  }

  @Test
  void refusesNullInANotNullColumnAndLeavesTheFileUnfinishable() throws IOException {
    MessageType schema = schema();
    ParquetRowWriter rowWriter = new ParquetRowWriter(schema, TYPES);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetFileSink sink = sink(schema, new CountingDigestStream(out), rowWriter);
    Object[] row = rows().get(0);
    row[3] = null;
    assertThatThrownBy(() -> sink.write(row))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining(
            "column 'int' (int) returned NULL although the source declares it NOT NULL");
    assertThatThrownBy(sink::finish).hasMessageContaining("close it instead");
    sink.abort();
  }

  private static int rowGroups(byte[] file) throws IOException {
    int n = file.length;
    int footer = ByteBuffer.wrap(file, n - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Util.readFileMetaData(new ByteArrayInputStream(file, n - 8 - footer, footer))
        .getRow_groupsSize();
  }

  /** -1 when the arrays are equal (a readable failure instead of two arrays of a megabyte). */
  private static int firstDifference(byte[] a, byte[] b) {
    return java.util.Arrays.mismatch(a, b);
  }

  private static ColumnType scalar(String name, LogicalKind kind, boolean nullable) {
    return ColumnType.scalar(name, name, SourceKind.POSTGRESQL, kind, nullable);
  }

  private static MessageType schema() {
    return ParquetSchemas.messageType(
        TYPES, new ValuePolicies(InfinityPolicy.FAIL, ZeroDatePolicy.FAIL));
  }

  private static List<Object[]> rows() {
    SplittableRandom random = new SplittableRandom(7);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      boolean nulls = i % 5 == 0;
      rows.add(
          new Object[] {
            (long) i,
            nulls ? null : random.nextBoolean(),
            nulls ? null : (short) random.nextInt(-32768, 32768),
            random.nextInt(),
            nulls ? null : random.nextLong(),
            nulls ? null : i % 7 == 1 ? Float.NaN : (float) random.nextDouble(-1e6, 1e6),
            nulls ? null : i % 7 == 2 ? -0.0d : random.nextDouble(),
            nulls ? null : BigDecimal.valueOf(random.nextLong(-9_999_999, 10_000_000), 2),
            BigDecimal.valueOf(random.nextLong(-99_999_999_999_999L, 99_999_999_999_999L), 4),
            nulls ? null : new BigDecimal(new BigInteger(96, new java.util.Random(i)).negate(), 6),
            nulls ? null : i % 3 == 0 ? "emoji 😀 " + i : "text " + (i % 40),
            nulls ? null : new byte[] {(byte) i, (byte) (i >> 8), 0},
            nulls ? null : new UUID(random.nextLong(), random.nextLong()),
            nulls ? null : LocalDate.ofEpochDay(random.nextInt(-40_000, 40_000)),
            nulls ? null : random.nextLong(0, 86_400_000_000L),
            nulls
                ? null
                : LocalDateTime.of(1960, 1, 1, 0, 0)
                    .plusSeconds(random.nextInt(0, 1 << 30))
                    .plusNanos(123_000),
            nulls ? null : Instant.ofEpochSecond(random.nextLong(-1L << 33, 1L << 33), 654_321_000)
          });
    }
    return rows;
  }

  private static ParquetFileSink sink(
      MessageType schema, CountingDigestStream stream, ParquetRowWriter rows) throws IOException {
    return new ParquetFileSink(
        new StreamOutputFile(stream, "test"),
        schema,
        ParquetTuning.properties(TYPES, "id").withMinRowCountForPageSizeCheck(1).build(),
        ParquetChunkWriter.codec(Compression.ZSTD),
        ParquetTuning.configuration(Compression.ZSTD),
        ROW_GROUP_BYTES,
        METADATA,
        rows);
  }

  private static byte[] sink(List<Object[]> rows, boolean direct) throws IOException {
    MessageType schema = schema();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetFileSink sink =
        sink(schema, new CountingDigestStream(out), new ParquetRowWriter(schema, TYPES, direct));
    for (Object[] row : rows) {
      sink.write(row);
    }
    sink.finish();
    return out.toByteArray();
  }

  /** What Rivet wrote before: parquet-java's writer, fed through its record consumer. */
  private static byte[] parquetWriter(List<Object[]> rows) throws IOException {
    MessageType schema = schema();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Builder builder =
        new Builder(new StreamOutputFile(new CountingDigestStream(out), "test"), schema)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withCompressionCodec(ParquetChunkWriter.codec(Compression.ZSTD))
            .withRowGroupSize(ROW_GROUP_BYTES)
            .withMinRowCountForPageSizeCheck(1)
            .withDictionaryEncoding(false)
            .withDictionaryEncoding("text", true)
            .withDictionaryEncoding("bytes", true)
            .withSizeStatisticsEnabled(false)
            .config(
                ZstandardCodec.PARQUET_COMPRESS_ZSTD_LEVEL,
                Integer.toString(ParquetTuning.ZSTD_LEVEL));
    try (ParquetWriter<Object[]> writer = builder.build()) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    }
    return out.toByteArray();
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;

    Builder(OutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
      return new Support(schema);
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
      return new Support(schema);
    }
  }

  private static final class Support extends WriteSupport<Object[]> {
    private final MessageType schema;
    private RecordConsumer consumer;

    Support(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, METADATA);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, METADATA);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        if (row[i] != null) {
          consumer.startField(TYPES.get(i).name(), i);
          ParquetValues.write(consumer, TYPES.get(i), row[i]);
          consumer.endField(TYPES.get(i).name(), i);
        }
      }
      consumer.endMessage();
    }
  }
}
