package dev.rivet.pipeline.postgres;

import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.SourceRow;

/**
 * One binary COPY tuple, in place in its message: a 16-bit field count, then per field a 32-bit
 * length (-1 for NULL) and that many bytes. Reused for every row.
 */
final class CopyRow implements SourceRow {
  private final int[] offsets;
  private final int[] lengths;
  private byte[] message;

  CopyRow(int columns) {
    this.offsets = new int[columns];
    this.lengths = new int[columns];
  }

  /** Takes the tuple at {@code pos} of {@code message}; returns the offset after it. */
  int parse(byte[] message, int pos) {
    int fields = ((message[pos] & 0xFF) << 8) | (message[pos + 1] & 0xFF);
    if (fields != offsets.length) {
      throw PostgresCopyRead.malformed(
          "a row of " + fields + " fields where " + offsets.length + " columns were planned");
    }
    pos += 2;
    for (int i = 0; i < fields; i++) {
      if (message.length - pos < 4) {
        throw PostgresCopyRead.malformed("a row split across messages");
      }
      int length = PostgresBinaryValues.int32(message, pos);
      pos += 4;
      if (length > message.length - pos) {
        throw PostgresCopyRead.malformed("a row split across messages");
      }
      offsets[i] = pos;
      lengths[i] = length;
      pos += Math.max(length, 0);
    }
    this.message = message;
    return pos;
  }

  @Override
  public long sentBytes(int index) {
    return lengths[index - 1];
  }

  @Override
  public Object value(ColumnReader column) {
    int i = column.index() - 1;
    return column.decode(message, offsets[i], lengths[i]);
  }
}
