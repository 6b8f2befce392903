package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.destination.Destination;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mode records, file rotation and the mode-related parts of chunks and keys validate. */
class ExtractModeTest {
  private static final ExportSpec FULL =
      ExportSpec.withDefaults(
          "orders",
          new TableRef("s", "orders"),
          Format.PARQUET,
          Compression.NONE,
          Destination.parse("/tmp/out"));

  @Test
  void shouldNameEachModeAsTheConfigDoes() {
    assertThat(new FullMode().wireName()).isEqualTo("full");
    assertThat(new IncrementalMode("u", CursorType.INT, null, null).wireName())
        .isEqualTo("incremental");
    assertThat(new ChunkedMode("c", ChunkBy.RANGE, 0, 0, null).wireName()).isEqualTo("chunked");
    assertThat(new TimeWindowMode("c", Span.parse("1 day"), null).wireName())
        .isEqualTo("time_window");
  }

  @Test
  void shouldDefaultIncrementalFallbackToNoneAndLookbackToZero() {
    IncrementalMode mode = new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, null);

    assertThat(mode.fallback()).isEmpty();
    assertThat(mode.lookback()).isEqualTo(Span.NONE);
  }

  @Test
  void shouldBuildACoalesceKeyFromCursorAndFallbacks() {
    IncrementalMode mode =
        new IncrementalMode(
            "updated_at", CursorType.TIMESTAMP, List.of("created_at", "imported_at"), null);

    SplitKey key = mode.key(KeyType.TIMESTAMPTZ);

    assertThat(key)
        .isEqualTo(
            new SplitKey("updated_at", KeyType.TIMESTAMPTZ, List.of("created_at", "imported_at")));
    assertThat(key.describe()).isEqualTo("COALESCE(updated_at, created_at, imported_at)");
    assertThat(new SplitKey("id", KeyType.INTEGER).describe()).isEqualTo("id");
  }

  @Test
  void shouldRejectATimeLookbackOnAnIntCursor() {
    assertThatThrownBy(() -> new IncrementalMode("id", CursorType.INT, null, Span.parse("2 hours")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an int cursor's lookback is a number of key values, not '2 hours'");
  }

  @Test
  void shouldRejectALookbackShorterThanADayOnADateCursor() {
    assertThatThrownBy(() -> new IncrementalMode("d", CursorType.DATE, null, Span.parse("6h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a date cursor's lookback is in days, weeks or months, not '6 hours'");
  }

  @Test
  void shouldRejectABareNumberLookbackOnATimestampCursor() {
    // A timestamp has no key unit: without this, planning failed with a raw arithmetic error.
    assertThatThrownBy(
            () -> new IncrementalMode("u", CursorType.TIMESTAMP, null, Span.parse("1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a timestamp cursor's lookback needs a unit, e.g. 2 hours or 1 day, not '1000'");
  }

  @Test
  void shouldAcceptLookbacksInTheCursorsUnits() {
    assertThat(new IncrementalMode("id", CursorType.INT, null, Span.parse("500")).lookback())
        .isEqualTo(new Span(500, SpanUnit.KEYS));
    assertThat(new IncrementalMode("d", CursorType.DATE, null, Span.parse("2")).lookback())
        .isEqualTo(new Span(2, SpanUnit.KEYS));
    assertThat(new IncrementalMode("d", CursorType.DATE, null, Span.parse("1 week")).lookback())
        .isEqualTo(new Span(1, SpanUnit.WEEKS));
    assertThat(
            new IncrementalMode("u", CursorType.TIMESTAMP, null, Span.parse("90 min")).lookback())
        .isEqualTo(new Span(90, SpanUnit.MINUTES));
  }

  @Test
  void shouldMatchDeclaredCursorTypesToColumnTypes() {
    assertThat(CursorType.INT.accepts(KeyType.INTEGER)).isTrue();
    assertThat(CursorType.INT.accepts(KeyType.TIMESTAMP)).isFalse();
    assertThat(CursorType.DATE.accepts(KeyType.DATE)).isTrue();
    assertThat(CursorType.DATE.accepts(KeyType.TIMESTAMPTZ)).isFalse();
    assertThat(CursorType.TIMESTAMP.accepts(KeyType.TIMESTAMP)).isTrue();
    assertThat(CursorType.TIMESTAMP.accepts(KeyType.TIMESTAMPTZ)).isTrue();
    assertThat(CursorType.TIMESTAMP.accepts(KeyType.DATE)).isFalse();
    assertThat(CursorType.TIMESTAMP.wireValue()).isEqualTo("timestamp");
  }

  @Test
  void shouldDefaultChunkedZoneToUtc() {
    ChunkedMode mode = new ChunkedMode("created_at", ChunkBy.DAY, 0, 0, null);

    assertThat(mode.timeZone()).isEqualTo("UTC");
    assertThat(mode.zone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void shouldRejectAnUnknownTimeZoneNamingIt() {
    assertThatThrownBy(() -> new ChunkedMode("c", ChunkBy.DAY, 0, 0, "Mars/Olympus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'Mars/Olympus' is not a time zone (use an IANA id such as UTC or Europe/Berlin)");
    assertThatThrownBy(() -> new TimeWindowMode("c", Span.parse("1 day"), "Europe/Berlln"))
        .hasMessageContaining("'Europe/Berlln' is not a time zone");
  }

  @Test
  void shouldRejectChunkSizeTogetherWithCount() {
    assertThatThrownBy(() -> new ChunkedMode("id", ChunkBy.RANGE, 1000, 4, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set either chunk size or chunk count, not both");
  }

  @Test
  void shouldRejectCountForCalendarChunks() {
    assertThatThrownBy(() -> new ChunkedMode("c", ChunkBy.WEEK, 0, 4, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk count applies to by: range only");
  }

  @Test
  void shouldRejectNegativeChunkSizeOrCount() {
    assertThatThrownBy(() -> new ChunkedMode("c", ChunkBy.RANGE, -1, 0, null))
        .hasMessage("chunk size and count must not be negative");
    assertThatThrownBy(() -> new ChunkedMode("c", ChunkBy.RANGE, 0, -4, null))
        .hasMessage("chunk size and count must not be negative");
  }

  @Test
  void shouldRejectAWindowWithoutATimeLength() {
    assertThatThrownBy(() -> new TimeWindowMode("c", Span.parse("7"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a time window needs a positive length in time, e.g. 7 days or 24 hours, not '7'");
    assertThatThrownBy(() -> new TimeWindowMode("c", Span.parse("0 days"), null))
        .hasMessageContaining("not '0 days'");
  }

  @Test
  void shouldRequireAColumnForEveryRangedMode() {
    assertThatThrownBy(() -> new IncrementalMode(null, CursorType.INT, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ChunkedMode(null, ChunkBy.RANGE, 0, 0, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TimeWindowMode(null, Span.parse("1d"), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void shouldReadAMissingModeAsFullAndAMissingRotationAsUnlimited() {
    assertThat(FULL.mode()).isEqualTo(new FullMode());
    assertThat(FULL.rotation()).isEqualTo(FileRotation.NONE);
    assertThat(FULL.rotation().unlimited()).isTrue();
  }

  @Test
  void shouldKeepEverythingElseWhenChangingModeOrRotation() {
    TimeWindowMode window = new TimeWindowMode("created_at", Span.parse("7 days"), "Europe/Paris");
    FileRotation rotation = new FileRotation(128L * 1024 * 1024, 1_000_000);

    ExportSpec changed = FULL.withMode(window).withRotation(rotation);

    assertThat(changed.mode()).isEqualTo(window);
    assertThat(changed.rotation()).isEqualTo(rotation);
    assertThat(changed.withMode(new FullMode()).withRotation(FileRotation.NONE)).isEqualTo(FULL);
  }

  @Test
  void shouldRejectNegativeRotationLimits() {
    assertThatThrownBy(() -> new FileRotation(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file rotation limits must not be negative");
    assertThatThrownBy(() -> new FileRotation(0, -1))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("-1 is out of range (expected a whole number from 1 to 1000000000)");
    assertThatThrownBy(() -> new FileRotation(0, 1_000_000_001L))
        .hasMessageContaining("from 1 to 1000000000");
    assertThat(new FileRotation(0, 10).unlimited()).isFalse();
  }

  @Test
  void shouldGiveTheNullKeyChunkNoBounds() {
    Chunk nulls = Chunk.ofNullKeys(3);

    assertThat(nulls.nullKeys()).isTrue();
    assertThat(nulls.isUnbounded()).isFalse();
    assertThat(nulls.describeRange()).isEqualTo("NULL");
    assertThat(new Chunk(0, "1", "5").nullKeys()).isFalse();
    assertThatThrownBy(() -> new Chunk(1, "1", null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the NULL-key chunk has no bounds");
  }

  @Test
  void shouldRejectACursorAdvanceWithoutCursorOrType() {
    assertThatThrownBy(() -> new CursorAdvance(null, KeyType.INTEGER, null, "5", 5))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CursorAdvance("id", null, null, "5", 5))
        .isInstanceOf(NullPointerException.class);
  }
}
