package dev.rivet.pipeline.lineage;

import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.StructValue;
import dev.rivet.pipeline.types.Utf8Text;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical bytes of a row's values that {@link RowHash} hashes, as docs/lineage.md specifies
 * them: per value a type tag, then a fixed-width big-endian payload or a 4-byte length and the
 * bytes, so that no two different rows share an encoding ({@code ("ab","c")} is not {@code
 * ("a","bc")}, NULL is not the empty string). The encoding depends only on the values read (after
 * the infinity and zero-date policies), never on the output format. Reused per row; not
 * thread-safe.
 */
final class CanonicalEncoding {
  static final byte NULL = 0x00;
  static final byte BOOLEAN = 0x01;
  static final byte INTEGER = 0x02;
  static final byte FLOATING = 0x03;
  static final byte DECIMAL = 0x04;
  static final byte TEXT = 0x05;
  static final byte BYTES = 0x06;
  static final byte UUID_TAG = 0x07;
  static final byte DATE = 0x08;
  static final byte TIME = 0x09;
  static final byte TIMESTAMP = 0x0A;
  static final byte TIMESTAMPTZ = 0x0B;
  static final byte LIST = 0x0C;
  static final byte MAP = 0x0D;
  static final byte STRUCT = 0x0E;

  private byte[] buffer = new byte[256];
  private int length;

  void reset() {
    length = 0;
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  /** Appends {@code value} (null for NULL) of a column of {@code type}. */
  void append(ColumnType type, Object value) {
    if (value == null) {
      put(NULL);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN:
        put(BOOLEAN);
        put((byte) (((Boolean) value) ? 1 : 0));
        break;
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        put(INTEGER);
        putLong(((Number) value).longValue());
        break;
      case FLOAT:
      case DOUBLE:
        put(FLOATING);
        // Widening a float to a double is exact; doubleToLongBits folds every NaN into one.
        putLong(Double.doubleToLongBits(((Number) value).doubleValue()));
        break;
      case DECIMAL:
        put(DECIMAL);
        putSized(((BigDecimal) value).toPlainString().getBytes(StandardCharsets.UTF_8));
        break;
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
      case JSON:
        put(TEXT);
        if (value instanceof Utf8Text text) {
          putSized(text.array(), text.offset(), text.length());
        } else {
          putSized(((String) value).getBytes(StandardCharsets.UTF_8));
        }
        break;
      case BYTES:
        put(BYTES);
        putSized((byte[]) value);
        break;
      case GEOMETRY:
        // The EWKB: the WKB itself for SRID 0, so such values hash as the bytes they were.
        put(BYTES);
        putSized(((Geometry) value).ewkb());
        break;
      case UUID:
        UUID uuid = (UUID) value;
        put(UUID_TAG);
        putLong(uuid.getMostSignificantBits());
        putLong(uuid.getLeastSignificantBits());
        break;
      case DATE:
        put(DATE);
        putLong(((LocalDate) value).toEpochDay());
        break;
      case TIME:
        put(TIME);
        putLong((Long) value);
        break;
      case TIMESTAMP:
        LocalDateTime local = (LocalDateTime) value;
        put(TIMESTAMP);
        putLong(local.toEpochSecond(ZoneOffset.UTC));
        putInt(local.getNano());
        break;
      case TIMESTAMPTZ:
        Instant instant = (Instant) value;
        put(TIMESTAMPTZ);
        putLong(instant.getEpochSecond());
        putInt(instant.getNano());
        break;
      case LIST:
        List<?> items = (List<?>) value;
        put(LIST);
        putInt(items.size());
        for (Object item : items) {
          append(type.element(), item);
        }
        break;
      case STRUCT:
        List<Object> fields = ((StructValue) value).fields();
        put(STRUCT);
        putInt(fields.size());
        for (int i = 0; i < fields.size(); i++) {
          append(type.fields().get(i), fields.get(i));
        }
        break;
      case MAP:
        Map<?, ?> entries = (Map<?, ?>) value;
        put(MAP);
        putInt(entries.size());
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
          put(TEXT);
          putSized(((String) entry.getKey()).getBytes(StandardCharsets.UTF_8));
          if (entry.getValue() == null) {
            put(NULL);
          } else {
            put(TEXT);
            putSized(((String) entry.getValue()).getBytes(StandardCharsets.UTF_8));
          }
        }
        break;
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void putInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void putLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void putSized(byte[] bytes) {
    putSized(bytes, 0, bytes.length);
  }

  private void putSized(byte[] bytes, int offset, int size) {
    putInt(size);
    ensure(size);
    System.arraycopy(bytes, offset, buffer, length, size);
    length += size;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
