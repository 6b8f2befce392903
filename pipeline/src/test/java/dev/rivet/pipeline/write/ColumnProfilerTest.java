package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnProfilerTest {
  private static final List<ColumnType> TYPES =
      List.of(
          ColumnType.scalar("id", "int8", SourceKind.POSTGRESQL, LogicalKind.INT64, false),
          ColumnType.scalar("note", "text", SourceKind.POSTGRESQL, LogicalKind.STRING, true),
          ColumnType.scalar("doc", "jsonb", SourceKind.POSTGRESQL, LogicalKind.JSON, true),
          ColumnType.scalar("blob", "bytea", SourceKind.POSTGRESQL, LogicalKind.BYTES, true));

  @Test
  void shouldCountNullsAndTheLongestValueInUtf8BytesAndCharacters() {
    ColumnProfiler profiler = ColumnProfiler.of(TYPES);
    // 2-byte, 3-byte and 4-byte (surrogate pair) characters.
    String mixed = "aé€😀";
    profiler.observe(new Object[] {1L, "abc", null, new byte[] {1, 2}});
    profiler.observe(new Object[] {2L, mixed, "{\"k\":1}", null});
    profiler.observe(new Object[] {3L, null, null, new byte[5]});

    assertThat(profiler.drain())
        .containsExactly(
            new ColumnProfile("id", 0, -1, -1),
            new ColumnProfile("note", 1, mixed.getBytes(StandardCharsets.UTF_8).length, 4),
            new ColumnProfile("doc", 2, 7, 7),
            new ColumnProfile("blob", 1, 5, -1));
    assertThat(mixed.getBytes(StandardCharsets.UTF_8).length).isEqualTo(10);
  }

  @Test
  void shouldMeasureALongerValueAfterShortOnesAndStartAfreshAfterADrain() {
    ColumnProfiler profiler = ColumnProfiler.of(TYPES);
    profiler.observe(new Object[] {1L, "€€€€", null, null});
    // Shorter in units but not in bytes: skipped without changing the maximum.
    profiler.observe(new Object[] {2L, "abc", null, null});
    profiler.observe(new Object[] {3L, "abcdefghijklm", null, null});

    assertThat(profiler.drain().get(1)).isEqualTo(new ColumnProfile("note", 0, 13, 13));
    profiler.observe(new Object[] {4L, "ab", null, null});
    assertThat(profiler.drain().get(1)).isEqualTo(new ColumnProfile("note", 0, 2, 2));
    assertThat(profiler.drain().get(1)).isEqualTo(new ColumnProfile("note", 0, -1, -1));
  }

  @Test
  void shouldProfileTextABinaryReadKeptAsBytesAsItsString() {
    List<String> texts =
        List.of("€€€€", "abc", "abcdefghijklm", "aé€😀", "😀😀😀😀😀", "{\"k\":1}", "ab", "漢字漢字漢字");
    for (int order = 0; order < 2; order++) {
      ColumnProfiler strings = ColumnProfiler.of(TYPES);
      ColumnProfiler bytes = ColumnProfiler.of(TYPES);
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(order == 0 ? i : texts.size() - 1 - i);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // In place in a message, between other bytes (continuation bytes of a longer text).
        byte[] message = ("€" + text + "😀").getBytes(StandardCharsets.UTF_8);
        strings.observe(new Object[] {1L, text, text, null});
        bytes.observe(
            new Object[] {
              1L, Utf8Text.of(message, 3, utf8.length), Utf8Text.of(utf8, 0, utf8.length), null
            });
        assertThat(bytes.drain()).as(text).isEqualTo(strings.drain());
        strings.observe(new Object[] {1L, text, null, null});
        bytes.observe(new Object[] {1L, Utf8Text.of(utf8, 0, utf8.length), null, null});
      }
      assertThat(bytes.drain()).isEqualTo(strings.drain());
    }
  }

  @Test
  void shouldRecordNothingWhenDisabledForBenchmarks() {
    System.setProperty(ColumnProfiler.DISABLED_PROPERTY, "true");
    try {
      ColumnProfiler profiler = ColumnProfiler.of(TYPES);
      profiler.observe(new Object[] {1L, "abc", null, null});
      assertThat(profiler.drain()).isEmpty();
    } finally {
      System.clearProperty(ColumnProfiler.DISABLED_PROPERTY);
    }
  }
}
