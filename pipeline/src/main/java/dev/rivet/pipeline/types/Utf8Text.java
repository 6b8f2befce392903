package dev.rivet.pipeline.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text value (STRING or JSON) held as the well-formed UTF-8 bytes a binary read received, so that
 * the Parquet writer, the row hash and the profiler use the bytes without decoding them into a
 * {@link String} and encoding them back (docs/benchmarks.md, 2026-12-05 "text as bytes"). {@link
 * #toString} decodes the text for consumers that need characters (CSV, once per value; messages).
 * Only well-formed UTF-8 is held this way ({@link #of}): for it the decode-encode round trip
 * through a String is the identity, so every consumer sees exactly the bytes and characters the
 * String path gave. The bytes are a range of the array they arrived in (a binary COPY message), not
 * a copy of them (docs/benchmarks.md, 2026-12-05 sixth session "text in place").
 */
public final class Utf8Text {
  private final byte[] array;
  private final int offset;
  private final int length;

  private Utf8Text(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /**
   * The text of {@code length} bytes at {@code offset}: a Utf8Text over those bytes, in place, when
   * they are well-formed UTF-8, else the String that decoding them gives (malformed sequences
   * replaced by U+FFFD, as {@code new String(bytes, UTF_8)} and the JDBC driver do). The caller
   * hands the range over: it must never change those bytes afterwards (pgjdbc gives every binary
   * COPY message an array of its own).
   */
  public static Object of(byte[] bytes, int offset, int length) {
    if (wellFormed(bytes, offset, length)) {
      return new Utf8Text(bytes, offset, length);
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /** The array holding the UTF-8 bytes at {@link #offset}; the caller must not change it. */
  public byte[] array() {
    return array;
  }

  /** Where the UTF-8 bytes start in {@link #array}. */
  public int offset() {
    return offset;
  }

  /** The number of UTF-8 bytes. */
  public int length() {
    return length;
  }

  /** A copy of the UTF-8 bytes. */
  public byte[] bytes() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  /** The UTF-8 bytes of a STRING or JSON value, a Utf8Text (copied) or a String. */
  public static byte[] utf8(Object value) {
    return value instanceof Utf8Text text
        ? text.bytes()
        : ((String) value).getBytes(StandardCharsets.UTF_8);
  }

  /** The number of characters (Unicode code points): the bytes that do not continue one. */
  public int codePoints() {
    int count = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      if ((array[i] & 0xC0) != 0x80) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    // Not kept: a field for it would make every value 8 bytes larger (24 bytes as it is), and CSV
    // decodes each value once.
    return new String(array, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8Text that
        && Arrays.equals(
            array, offset, offset + length, that.array, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + array[i];
    }
    return hash;
  }

  /**
   * Whether the bytes are well-formed UTF-8 (Unicode 15, table 3-7): no overlong forms, no
   * surrogates, nothing above U+10FFFF, no truncated sequence.
   */
  static boolean wellFormed(byte[] b, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return false; // a continuation byte, or an overlong two-byte lead
      }
      if (c < 0xE0) {
        if (i + 1 >= end || !continuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end || !continuation(b[i + 2])) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int low = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        int high = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        if (c1 < low || c1 > high) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int low = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
        int high = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        if (c1 < low || c1 > high) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
