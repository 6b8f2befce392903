package dev.rivet.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A binary read's text is kept as bytes exactly when decoding it into a String and encoding that
 * back gives the same bytes, so every consumer sees what the String path gave.
 */
class Utf8TextTest {
  /** The oracle: Java's decoder replaces every malformed sequence, which changes the bytes. */
  private static boolean roundTrips(byte[] bytes) {
    return Arrays.equals(
        new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
  }

  private static void check(byte[] bytes) {
    assertThat(Utf8Text.wellFormed(bytes, 0, bytes.length))
        .as("%s", Arrays.toString(bytes))
        .isEqualTo(roundTrips(bytes));
  }

  @Test
  void shouldKeepAsBytesExactlyTheTextThatRoundTripsThroughAString() {
    // Every one- and two-byte sequence, every three-byte sequence with a three-byte lead, and the
    // four-byte leads with every second byte (where overlongs and the U+10FFFF limit are decided)
    // followed by continuation and non-continuation bytes.
    for (int a = 0; a < 256; a++) {
      check(new byte[] {(byte) a});
      for (int b = 0; b < 256; b++) {
        check(new byte[] {(byte) a, (byte) b});
      }
    }
    for (int a = 0xE0; a < 0xF0; a++) {
      for (int b = 0; b < 256; b++) {
        for (int c = 0; c < 256; c++) {
          check(new byte[] {(byte) a, (byte) b, (byte) c});
        }
      }
    }
    int[] tails = {0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (int a = 0xF0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (int c : tails) {
          for (int d : tails) {
            check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            check(new byte[] {(byte) a, (byte) b, (byte) c});
          }
        }
      }
    }
  }

  @Test
  void shouldGiveTheSameTextBytesAndCharactersAsTheStringPath() {
    String text = "emoji 😀 CJK 漢字 combining e\u0301 \u0000 end";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[utf8.length + 4];
    System.arraycopy(utf8, 0, message, 2, utf8.length);

    Object value = Utf8Text.of(message, 2, utf8.length);

    assertThat(value).isInstanceOf(Utf8Text.class);
    Utf8Text kept = (Utf8Text) value;
    assertThat(kept.bytes()).isEqualTo(utf8);
    assertThat(Utf8Text.utf8(kept)).isEqualTo(utf8);
    assertThat(kept.toString()).isEqualTo(text);
    assertThat(kept.codePoints()).isEqualTo(text.codePointCount(0, text.length()));
    // In place: the value is the range of the message it arrived in, not a copy.
    assertThat(kept.array()).isSameAs(message);
    assertThat(kept.offset()).isEqualTo(2);
    assertThat(kept.length()).isEqualTo(utf8.length);
  }

  @Test
  void shouldCompareAndHashTheTextNotWhereItLies() {
    byte[] first = "..abc,".getBytes(StandardCharsets.UTF_8);
    byte[] second = "abcabd".getBytes(StandardCharsets.UTF_8);

    Object a = Utf8Text.of(first, 2, 3);
    Object b = Utf8Text.of(second, 0, 3);
    Object c = Utf8Text.of(second, 3, 3);
    Object shorter = Utf8Text.of(second, 0, 2);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.hashCode()).isEqualTo(Arrays.hashCode("abc".getBytes(StandardCharsets.UTF_8)));
    assertThat(a).isNotEqualTo(c).isNotEqualTo(shorter);
    assertThat(Utf8Text.of(first, 0, 0)).isEqualTo(Utf8Text.of(second, 6, 0));
    assertThat(((Utf8Text) a).bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(((Utf8Text) c).codePoints()).isEqualTo(3);
    assertThat(a.toString()).isEqualTo("abc");
  }

  @Test
  void shouldDecodeMalformedBytesIntoTheStringTheDriverGives() {
    byte[] malformed = {'a', (byte) 0xC3, 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80};

    Object value = Utf8Text.of(malformed, 0, malformed.length);

    assertThat(value).isEqualTo(new String(malformed, StandardCharsets.UTF_8));
    assertThat(Utf8Text.utf8(value))
        .isEqualTo(new String(malformed, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
  }
}
