package dev.rivet.pipeline.write;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * PLAIN encoding of fixed-width numbers (INT32, INT64, FLOAT, DOUBLE): each value little-endian
 * straight into one growing byte array. The same bytes as parquet-java's {@link PlainValuesWriter}
 * (floats and doubles by {@code floatToIntBits}/{@code doubleToLongBits}, as it writes them),
 * without its two stream layers per value: a quarter less writer CPU on the benchmark table
 * (docs/benchmarks.md, 2026-12-05 seventh session).
 */
final class PlainNumberValuesWriter extends ValuesWriter {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int size;

  PlainNumberValuesWriter(int initialBytes) {
    this.bytes = new byte[Math.max(initialBytes, 64)];
  }

  /**
   * Makes room for {@code width} more bytes and returns where they go; read {@link #bytes} only
   * after it, as it may replace the array.
   */
  private int claim(int width) {
    int at = size;
    if (bytes.length - at < width) {
      long wanted = Math.max(2L * bytes.length, (long) at + width);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException(
            "a Parquet page of plain numbers outgrew 2 GiB; lower the page size");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
    size = at + width;
    return at;
  }

  @Override
  public void writeInteger(int v) {
    int at = claim(Integer.BYTES);
    INT.set(bytes, at, v);
  }

  @Override
  public void writeLong(long v) {
    int at = claim(Long.BYTES);
    LONG.set(bytes, at, v);
  }

  @Override
  public void writeFloat(float v) {
    int at = claim(Integer.BYTES);
    INT.set(bytes, at, Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    int at = claim(Long.BYTES);
    LONG.set(bytes, at, Double.doubleToLongBits(v));
  }

  @Override
  public long getBufferedSize() {
    return size;
  }

  /** The page's bytes; valid until {@link #reset()} (parquet-java compresses them before). */
  @Override
  public BytesInput getBytes() {
    return BytesInput.from(bytes, 0, size);
  }

  @Override
  public Encoding getEncoding() {
    return Encoding.PLAIN;
  }

  @Override
  public void reset() {
    size = 0;
  }

  @Override
  public void close() {
    size = 0;
    bytes = new byte[0];
  }

  @Override
  public long getAllocatedSize() {
    return bytes.length;
  }

  @Override
  public String memUsageString(String prefix) {
    return prefix + " PLAIN numbers " + size + " of " + bytes.length + " bytes";
  }

  /**
   * parquet-java's default writers, except that a column its default would write with a {@link
   * PlainValuesWriter} of fixed-width numbers gets a {@link PlainNumberValuesWriter}: dictionary,
   * boolean and binary writers stay as they are.
   */
  static final class Factory implements ValuesWriterFactory {
    private ValuesWriterFactory defaults;
    private int initialBytes;

    /**
     * A default factory of this file's own: parquet-java's {@code DefaultValuesWriterFactory}
     * delegates to one static factory per writer version, which keeps the properties of the file
     * initialized last, so that files written side by side with different dictionary columns would
     * get each other's settings.
     */
    @Override
    public void initialize(ParquetProperties properties) {
      defaults =
          properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
              ? new DefaultV1ValuesWriterFactory()
              : new DefaultV2ValuesWriterFactory();
      defaults.initialize(properties);
      initialBytes = properties.getInitialSlabSize();
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
      ValuesWriter standard = defaults.newValuesWriter(descriptor);
      if (standard.getClass() == PlainValuesWriter.class
          && fixedWidth(descriptor.getPrimitiveType().getPrimitiveTypeName())) {
        standard.close();
        return new PlainNumberValuesWriter(initialBytes);
      }
      return standard;
    }

    private static boolean fixedWidth(PrimitiveTypeName type) {
      switch (type) {
        case INT32:
        case INT64:
        case FLOAT:
        case DOUBLE:
          return true;
        default:
          return false;
      }
    }
  }
}
