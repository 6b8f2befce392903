package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainNumberValuesWriter} writes the bytes of parquet-java's {@link PlainValuesWriter},
 * across array growth and page resets, and its factory installs it only where parquet-java would
 * write plain fixed-width numbers.
 */
class PlainNumberValuesWriterTest {
  private static final float[] FLOATS = {
    0f,
    -0f,
    1.5f,
    Float.NaN,
    Float.intBitsToFloat(0x7fc00001),
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.MIN_VALUE,
    Float.MAX_VALUE
  };
  private static final double[] DOUBLES = {
    0d,
    -0d,
    1.5d,
    Double.NaN,
    Double.longBitsToDouble(0x7ff8000000000001L),
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    Double.MAX_VALUE
  };

  @Test
  void writesTheBytesOfParquetJavasPlainWriterAcrossGrowthAndResets() throws IOException {
    // A small first array, so that every page below makes it grow several times.
    PlainNumberValuesWriter ours = new PlainNumberValuesWriter(64);
    SplittableRandom random = new SplittableRandom(42);
    for (int page = 0; page < 3; page++) {
      PlainValuesWriter theirs = new PlainValuesWriter(64, 1 << 20, new HeapByteBufferAllocator());
      for (int i = 0; i < 5_000 + page * 3_000; i++) {
        switch (i % 4) {
          case 0:
            int n =
                i < 10
                    ? new int[] {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i % 5]
                    : random.nextInt();
            ours.writeInteger(n);
            theirs.writeInteger(n);
            break;
          case 1:
            long l = i < 10 ? Long.MIN_VALUE + i : random.nextLong();
            ours.writeLong(l);
            theirs.writeLong(l);
            break;
          case 2:
            float f = i < 40 ? FLOATS[i % FLOATS.length] : (float) random.nextDouble();
            ours.writeFloat(f);
            theirs.writeFloat(f);
            break;
          default:
            double d = i < 40 ? DOUBLES[i % DOUBLES.length] : random.nextDouble() * 1e300;
            ours.writeDouble(d);
            theirs.writeDouble(d);
            break;
        }
      }
      assertThat(ours.getBufferedSize()).isEqualTo(theirs.getBufferedSize());
      assertThat(ours.getBytes().toByteArray()).isEqualTo(theirs.getBytes().toByteArray());
      assertThat(ours.getEncoding()).isEqualTo(Encoding.PLAIN);
      ours.reset();
      theirs.close();
      assertThat(ours.getBufferedSize()).isZero();
    }
  }

  @Test
  void replacesOnlyParquetJavasPlainWritersOfFixedWidthNumbers() {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message m { required int32 a; optional int64 b; required float c; required double d;"
                + " required int64 e; required binary f; required boolean g;"
                + " required fixed_len_byte_array(16) h; }");
    ParquetProperties properties =
        ParquetProperties.builder()
            .withDictionaryEncoding(false)
            .withDictionaryEncoding("e", true)
            .withDictionaryEncoding("f", true)
            .withValuesWriterFactory(new PlainNumberValuesWriter.Factory())
            .build();
    StringBuilder kinds = new StringBuilder();
    for (ColumnDescriptor column : schema.getColumns()) {
      ValuesWriter writer = properties.newValuesWriter(column);
      kinds.append(column.getPath()[0]).append('=');
      kinds.append(writer instanceof PlainNumberValuesWriter ? "ours" : "parquet").append(' ');
      writer.close();
    }
    // A dictionary column keeps parquet-java's dictionary writer (with its plain fallback).
    assertThat(kinds.toString().trim())
        .isEqualTo("a=ours b=ours c=ours d=ours e=parquet f=parquet g=parquet h=parquet");
  }

  @Test
  void keepsEachFilesOwnSettingsWhenAnotherFileIsSetUpMeanwhile() {
    MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 e; }");
    ColumnDescriptor e = schema.getColumns().get(0);
    ParquetProperties dictionary =
        ParquetProperties.builder()
            .withDictionaryEncoding(false)
            .withDictionaryEncoding("e", true)
            .withValuesWriterFactory(new PlainNumberValuesWriter.Factory())
            .build();
    // A second file (another export running side by side) set up before the first one's writers.
    ParquetProperties plain =
        ParquetProperties.builder()
            .withDictionaryEncoding(false)
            .withValuesWriterFactory(new PlainNumberValuesWriter.Factory())
            .build();
    ValuesWriter first = dictionary.newValuesWriter(e);
    ValuesWriter second = plain.newValuesWriter(e);
    assertThat(first).isNotInstanceOf(PlainNumberValuesWriter.class);
    assertThat(second).isInstanceOf(PlainNumberValuesWriter.class);
    first.close();
    second.close();
  }
}
