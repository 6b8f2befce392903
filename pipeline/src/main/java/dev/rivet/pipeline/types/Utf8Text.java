package dev.rivet.pipeline.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text value (STRING or JSON) held as the well-formed UTF-8 bytes a binary read received, so that
 * the Parquet writer, the row hash and the profiler use the bytes without decoding them into a
 * {@link String} and encoding them back (docs/benchmarks.md, 2026-12-05 "text as bytes"). {@link
 * #toString} gives the text, decoded once on first use, for consumers that need characters (CSV,
 * messages). Only well-formed UTF-8 is held this way ({@link #of}): for it the decode-encode round
 * trip through a String is the identity, so every consumer sees exactly the bytes and characters
 * the String path gave.
 */
public final class Utf8Text {
  private final byte[] bytes;
  private String text;

  private Utf8Text(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The text of {@code length} bytes at {@code offset}: a Utf8Text holding a copy of them when they
   * are well-formed UTF-8, else the String that decoding them gives (malformed sequences replaced
   * by U+FFFD, as {@code new String(bytes, UTF_8)} and the JDBC driver do).
   */
  public static Object of(byte[] bytes, int offset, int length) {
    if (wellFormed(bytes, offset, length)) {
      return new Utf8Text(Arrays.copyOfRange(bytes, offset, offset + length));
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /** The UTF-8 bytes; the caller must not change them. */
  public byte[] bytes() {
    return bytes;
  }

  /** The UTF-8 bytes of a STRING or JSON value, a Utf8Text or a String. */
  public static byte[] utf8(Object value) {
    return value instanceof Utf8Text text
        ? text.bytes
        : ((String) value).getBytes(StandardCharsets.UTF_8);
  }

  /** The number of characters (Unicode code points): the bytes that do not continue one. */
  public int codePoints() {
    int count = 0;
    for (byte b : bytes) {
      if ((b & 0xC0) != 0x80) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    String decoded = text;
    if (decoded == null) {
      decoded = new String(bytes, StandardCharsets.UTF_8);
      text = decoded;
    }
    return decoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8Text that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
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
