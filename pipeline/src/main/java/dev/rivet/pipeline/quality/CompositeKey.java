package dev.rivet.pipeline.quality;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one row's key over one or more columns: each value's UTF-8 text after its length, so
 * that two keys have equal bytes exactly when every value is equal.
 */
final class CompositeKey {
  private CompositeKey() {}

  static byte[] encode(List<String> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String value : values) {
      byte[] text = value.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
      out.writeBytes(text);
    }
    return out.toByteArray();
  }

  static List<String> decode(byte[] key) {
    ByteBuffer in = ByteBuffer.wrap(key);
    List<String> values = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] text = new byte[in.getInt()];
      in.get(text);
      values.add(new String(text, StandardCharsets.UTF_8));
    }
    return values;
  }

  /** {@code 7} for one column, {@code (7, EU)} for several. */
  static String describe(byte[] key) {
    List<String> values = decode(key);
    return values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
  }
}
