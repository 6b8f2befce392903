package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.testing.Gen;
import dev.rivet.kernel.testing.PropertyCheck;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text values reach Parquet as exactly the UTF-8 bytes {@link Binary#fromString} gives (what the
 * writer used before it passed byte arrays), lone surrogates included, for every text-like kind.
 */
class ParquetTextBytesTest {
  private static final List<String> EDGES =
      List.of(
          "",
          "a",
          "tail space ",
          "emoji 😀 CJK 漢字 combining e\u0301",
          "é",
          "\u0000",
          "lone \uD800 high",
          "lone \uDC00 low",
          "\uFFFF",
          "x".repeat(10_000));

  @ParameterizedTest
  @EnumSource(
      value = LogicalKind.class,
      names = {"STRING", "JSON", "NUMERIC_TEXT", "TIMETZ"})
  void shouldWriteTheUtf8BytesOfBinaryFromString(LogicalKind kind) {
    ColumnType type = ColumnType.scalar("c", "text", SourceKind.POSTGRESQL, kind, true);
    for (String text : EDGES) {
      assertThat(written(type, text)).as(text).isEqualTo(Binary.fromString(text));
    }
  }

  @Test
  void shouldWriteTheUtf8BytesOfAnyString() {
    ColumnType type =
        ColumnType.scalar("c", "text", SourceKind.POSTGRESQL, LogicalKind.STRING, true);
    PropertyCheck.forAll(
        2_000,
        Gen.unicode(64),
        text -> {
          Binary binary = written(type, text);
          assertThat(binary.getBytes()).isEqualTo(Binary.fromString(text).getBytes());
          assertThat(binary.isBackingBytesReused()).isFalse();
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = LogicalKind.class,
      names = {"STRING", "JSON"})
  void shouldWriteTheBytesABinaryReadKeptAsTheyCame(LogicalKind kind) {
    ColumnType type = ColumnType.scalar("c", "text", SourceKind.POSTGRESQL, kind, true);
    for (String text : EDGES) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      Object value = Utf8Text.of(utf8, 0, utf8.length);
      assertThat(written(type, value)).as(text).isEqualTo(Binary.fromString(text));
    }
  }

  /**
   * A binary read's text is written from its range of the message, marked reused: parquet-java then
   * copies what it keeps (dictionary entries, min and max), so no kept value holds a whole message,
   * and none changes if the array does.
   */
  @Test
  void shouldWriteTheRangeOfTheMessageATextArrivedInMarkedReused() {
    ColumnType type =
        ColumnType.scalar("c", "text", SourceKind.POSTGRESQL, LogicalKind.STRING, false);
    for (String text : EDGES) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      byte[] message = new byte[utf8.length + 7];
      message[0] = 'H';
      message[message.length - 1] = 'T';
      System.arraycopy(utf8, 0, message, 3, utf8.length);

      Binary binary = written(type, Utf8Text.of(message, 3, utf8.length));

      assertThat(binary).as(text).isEqualTo(Binary.fromString(text));
      assertThat(binary.isBackingBytesReused()).as(text).isTrue();
      Binary kept = binary.copy();
      message[3 + utf8.length / 2] ^= 0x55;
      message[message.length / 2] ^= 0x55;
      assertThat(kept.getBytes()).as(text).isEqualTo(utf8);
    }
  }

  private static Binary written(ColumnType type, Object text) {
    Recording consumer = new Recording();
    ParquetValues.write(consumer, type, text);
    assertThat(consumer.binaries).hasSize(1);
    return consumer.binaries.get(0);
  }

  /** Keeps the binaries it is given; any other call is a defect here. */
  private static final class Recording extends RecordConsumer {
    final List<Binary> binaries = new ArrayList<>();

    @Override
    public void addBinary(Binary value) {
      binaries.add(value);
    }

    @Override
    public void startMessage() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void endMessage() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void startField(String field, int index) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void endField(String field, int index) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void startGroup() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void endGroup() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addInteger(int value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addLong(long value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addBoolean(boolean value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addFloat(float value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addDouble(double value) {
      throw new UnsupportedOperationException();
    }
  }
}
