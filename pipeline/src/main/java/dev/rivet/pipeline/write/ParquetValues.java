package dev.rivet.pipeline.write;

import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.StructValue;
import dev.rivet.pipeline.types.Utf8Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes one non-null value, in the Java form its kind documents, as Parquet physical values. */
final class ParquetValues {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private ParquetValues() {}

  /**
   * @throws ArithmeticException when a date or timestamp lies outside the range of Parquet's 32-bit
   *     days or 64-bit microseconds since 1970
   */
  static void write(RecordConsumer consumer, ColumnType type, Object value) {
    switch (type.kind()) {
      case BOOLEAN:
        consumer.addBoolean((Boolean) value);
        break;
      case INT8:
        consumer.addInteger((Byte) value);
        break;
      case INT16:
        consumer.addInteger((Short) value);
        break;
      case INT32:
        consumer.addInteger((Integer) value);
        break;
      case INT64:
        consumer.addLong((Long) value);
        break;
      case FLOAT:
        consumer.addFloat((Float) value);
        break;
      case DOUBLE:
        consumer.addDouble((Double) value);
        break;
      case DECIMAL:
        writeDecimal(consumer, type, (BigDecimal) value);
        break;
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
      case JSON:
        // The same UTF-8 bytes Binary.fromString writes, in a byte array rather than a wrapped
        // ByteBuffer: two objects less per value, and the dictionary and statistics hash and
        // compare an array instead of a buffer; a binary COPY's text arrives as those bytes
        // (docs/benchmarks.md, 2026-12-05 CPU per row). A binary read's text is written from its
        // range of the message it arrived in, marked reused so that parquet-java copies what it
        // keeps (dictionary entries, statistics) and no entry holds a whole message.
        if (value instanceof Utf8Text text) {
          consumer.addBinary(
              Binary.fromReusedByteArray(text.array(), text.offset(), text.length()));
        } else {
          consumer.addBinary(
              Binary.fromConstantByteArray(((String) value).getBytes(StandardCharsets.UTF_8)));
        }
        break;
      case BYTES:
        consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
        break;
      case GEOMETRY:
        consumer.addBinary(Binary.fromConstantByteArray(((Geometry) value).wkb()));
        break;
      case UUID:
        UUID uuid = (UUID) value;
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        consumer.addBinary(Binary.fromConstantByteArray(bytes.array()));
        break;
      case DATE:
        consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
        break;
      case TIME:
        consumer.addLong((Long) value);
        break;
      case TIMESTAMP:
        LocalDateTime local = (LocalDateTime) value;
        consumer.addLong(micros(local.toEpochSecond(ZoneOffset.UTC), local.getNano()));
        break;
      case TIMESTAMPTZ:
        Instant instant = (Instant) value;
        consumer.addLong(micros(instant.getEpochSecond(), instant.getNano()));
        break;
      case LIST:
        writeList(consumer, type.element(), (List<?>) value);
        break;
      case MAP:
        writeMap(consumer, (Map<?, ?>) value);
        break;
      case STRUCT:
        writeStruct(consumer, type, (StructValue) value);
        break;
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  private static long micros(long epochSecond, int nanos) {
    return Math.addExact(Math.multiplyExact(epochSecond, MICROS_PER_SECOND), nanos / 1_000);
  }

  private static void writeDecimal(RecordConsumer consumer, ColumnType type, BigDecimal value) {
    // The unscaled value as a number of scale 0: no BigInteger for values that fit a long.
    if (type.precision() <= 9) {
      consumer.addInteger(value.scaleByPowerOfTen(value.scale()).intValueExact());
    } else if (type.precision() <= 18) {
      consumer.addLong(value.scaleByPowerOfTen(value.scale()).longValueExact());
    } else {
      BigInteger unscaled = value.unscaledValue();
      byte[] minimal = unscaled.toByteArray();
      int length = type.fixedLength();
      if (minimal.length > length) {
        throw new ArithmeticException("decimal " + value + " needs more than " + length + " bytes");
      }
      // Big-endian two's complement, sign-extended to the fixed length.
      byte[] fixed = new byte[length];
      Arrays.fill(fixed, 0, length - minimal.length, (byte) (unscaled.signum() < 0 ? -1 : 0));
      System.arraycopy(minimal, 0, fixed, length - minimal.length, minimal.length);
      consumer.addBinary(Binary.fromConstantByteArray(fixed));
    }
  }

  /** The fields in order; a NULL field is left out of the group. */
  private static void writeStruct(RecordConsumer consumer, ColumnType type, StructValue value) {
    consumer.startGroup();
    List<ColumnType> fields = type.fields();
    for (int i = 0; i < fields.size(); i++) {
      Object field = value.fields().get(i);
      if (field != null) {
        String name = fields.get(i).name();
        consumer.startField(name, i);
        write(consumer, fields.get(i), field);
        consumer.endField(name, i);
      }
    }
    consumer.endGroup();
  }

  /** String keys and values, in the map's (key) order; a null value is left out of its entry. */
  private static void writeMap(RecordConsumer consumer, Map<?, ?> entries) {
    consumer.startGroup();
    if (!entries.isEmpty()) {
      consumer.startField(ParquetSchemas.MAP_GROUP, 0);
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        consumer.startGroup();
        consumer.startField(ParquetSchemas.MAP_KEY, 0);
        consumer.addBinary(Binary.fromString((String) entry.getKey()));
        consumer.endField(ParquetSchemas.MAP_KEY, 0);
        if (entry.getValue() != null) {
          consumer.startField(ParquetSchemas.MAP_VALUE, 1);
          consumer.addBinary(Binary.fromString((String) entry.getValue()));
          consumer.endField(ParquetSchemas.MAP_VALUE, 1);
        }
        consumer.endGroup();
      }
      consumer.endField(ParquetSchemas.MAP_GROUP, 0);
    }
    consumer.endGroup();
  }

  private static void writeList(RecordConsumer consumer, ColumnType element, List<?> values) {
    consumer.startGroup();
    if (!values.isEmpty()) {
      consumer.startField(ParquetSchemas.LIST_GROUP, 0);
      for (Object value : values) {
        consumer.startGroup();
        if (value != null) {
          consumer.startField(ParquetSchemas.LIST_ELEMENT, 0);
          write(consumer, element, value);
          consumer.endField(ParquetSchemas.LIST_ELEMENT, 0);
        }
        consumer.endGroup();
      }
      consumer.endField(ParquetSchemas.LIST_GROUP, 0);
    }
    consumer.endGroup();
  }
}
