package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SpanUnit;
import dev.rivet.kernel.plan.TimeWindowMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export's mode and its cursor, chunk and window blocks: what they read as, and mistakes. */
class ModeConfigTest {
  @TempDir Path dir;

  /** Lines 1 to 6; the mode keys of the test follow from line 7, indented by four spaces. */
  private static final String EXPORT =
      """
      source:
        url: postgresql://app@db/shop
      exports:
        - name: events
          table: public.events
          destination: ./out
      """;

  private ExtractMode mode(String modeKeys) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", EXPORT + modeKeys), Map.of())
        .export("events")
        .mode();
  }

  private ConfigException error(String modeKeys) {
    return loadError(dir, EXPORT + modeKeys);
  }

  @Test
  void shouldReadAnExportWithoutModeAsFull() {
    assertThat(mode("")).isEqualTo(new FullMode());
    assertThat(mode("    mode: full\n")).isEqualTo(new FullMode());
  }

  @Test
  void shouldReadIncrementalModeWithItsCursor() {
    ExtractMode mode =
        mode(
            """
                mode: incremental
                cursor:
                  column: updated_at
                  type: timestamp
                  fallback: [created_at, imported_at]
                  lookback: 2h
            """);

    assertThat(mode)
        .isEqualTo(
            new IncrementalMode(
                "updated_at",
                CursorType.TIMESTAMP,
                List.of("created_at", "imported_at"),
                new Span(2, SpanUnit.HOURS)));
  }

  @Test
  void shouldReadASingleFallbackAndAnIntCursorWithoutLookback() {
    assertThat(
            mode(
                "    mode: incremental\n"
                    + "    cursor: {column: updated_at, type: timestamp, fallback: created_at}\n"))
        .isEqualTo(
            new IncrementalMode(
                "updated_at", CursorType.TIMESTAMP, List.of("created_at"), Span.NONE));
    assertThat(mode("    mode: incremental\n    cursor: {column: id, type: INT, lookback: 500}\n"))
        .isEqualTo(
            new IncrementalMode("id", CursorType.INT, List.of(), new Span(500, SpanUnit.KEYS)));
  }

  @Test
  void shouldReadChunkedModeByCalendarPeriodsInAZone() {
    ExtractMode mode =
        mode(
            """
                mode: chunked
                chunk:
                  column: created_at
                  by: week
                  size: 2
                  time_zone: Europe/Berlin
            """);

    assertThat(mode).isEqualTo(new ChunkedMode("created_at", ChunkBy.WEEK, 2, 0, "Europe/Berlin"));
  }

  @Test
  void shouldReadChunkedModeByRangeAsTheDefault() {
    assertThat(mode("    mode: chunked\n    chunk: {column: id, count: 8}\n"))
        .isEqualTo(new ChunkedMode("id", ChunkBy.RANGE, 0, 8, "UTC"));
    assertThat(mode("    mode: chunked\n    chunk: {column: id, by: range, size: 100_000}\n"))
        .isEqualTo(new ChunkedMode("id", ChunkBy.RANGE, 100_000, 0, "UTC"));
  }

  @Test
  void shouldReadTimeWindowMode() {
    ExtractMode mode =
        mode(
            """
                mode: time_window
                window: {column: created_at, last: 7 days, time_zone: America/New_York}
            """);

    assertThat(mode)
        .isEqualTo(
            new TimeWindowMode("created_at", new Span(7, SpanUnit.DAYS), "America/New_York"));
    assertThat(mode("    mode: time_window\n    window: {column: created_at, last: 24h}\n"))
        .isEqualTo(new TimeWindowMode("created_at", new Span(24, SpanUnit.HOURS), "UTC"));
  }

  @Test
  void shouldRejectAnUnknownModeListingTheValidOnes() {
    ConfigException e = error("    mode: incremntal\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:7:11: exports[0].mode: 'incremntal' is not a valid value; did you mean"
                + " 'incremental'? (valid: full, incremental, chunked, time_window)");
  }

  @Test
  void shouldRejectACursorWithoutModeIncremental() {
    ConfigException e = error("    cursor: {column: updated_at, type: timestamp}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:7:13: exports[0].cursor: cursor applies to mode: incremental, but the"
                + " mode is full");
    assertThat(e.hint()).isEqualTo("set mode: incremental, or remove cursor");
  }

  @Test
  void shouldRejectAWindowBlockInChunkedMode() {
    ConfigException e =
        error(
            """
                mode: chunked
                chunk: {column: id}
                window: {column: created_at, last: 7 days}
            """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:9:13: exports[0].window: window applies to mode: time_window, but the"
                + " mode is chunked");
  }

  @Test
  void shouldRequireACursorForModeIncremental() {
    ConfigException e = error("    mode: incremental\n");

    assertThat(e.getMessage())
        .endsWith("rivet.yaml:4:5: exports[0].cursor: required for mode: incremental");
    assertThat(e.hint()).isEqualTo("add cursor: {column: updated_at, type: timestamp}");
  }

  @Test
  void shouldRequireTheCursorType() {
    ConfigException e = error("    mode: incremental\n    cursor: {column: updated_at}\n");

    assertThat(e.getMessage())
        .endsWith("rivet.yaml:8:13: exports[0].cursor.type: required key is missing");
    assertThat(e.hint()).contains("int, timestamp or date");
  }

  @Test
  void shouldRejectAnUnknownCursorKeyWithASuggestion() {
    ConfigException e =
        error("    mode: incremental\n    cursor: {column: updated_at, typ: timestamp}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:8:34: exports[0].cursor.typ: unknown key; did you mean 'type'? (valid"
                + " keys: column, type, fallback, lookback)");
  }

  @Test
  void shouldRejectAnUnknownCursorType() {
    ConfigException e =
        error("    mode: incremental\n    cursor: {column: updated_at, type: datetime}\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:8:40: exports[0].cursor.type: 'datetime' is not a valid value")
        .endsWith("(valid: int, timestamp, date)");
  }

  @Test
  void shouldRejectALookbackWithAnUnknownUnit() {
    ConfigException e =
        error(
            """
                mode: incremental
                cursor:
                  column: updated_at
                  type: timestamp
                  lookback: 2 hrs
            """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:11:17: exports[0].cursor.lookback: '2 hrs' has an unknown unit 'hrs'"
                + " (valid: seconds, minutes, hours, days, weeks, months, or none for key units)");
    assertThat(e.hint()).contains("2h, 3 days, 1 month");
  }

  @Test
  void shouldRejectATimeLookbackOnAnIntCursor() {
    ConfigException e =
        error("    mode: incremental\n    cursor: {column: id, type: int, lookback: 2h}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:8:47: exports[0].cursor.lookback: an int cursor's lookback is a number of"
                + " key values, not '2 hours'");
    assertThat(e.hint()).isEqualTo("write a number, e.g. lookback: 1000");
  }

  @Test
  void shouldRejectABareNumberLookbackOnATimestampCursor() {
    ConfigException e =
        error(
            "    mode: incremental\n"
                + "    cursor: {column: updated_at, type: timestamp, lookback: 3600}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:8:61: exports[0].cursor.lookback: a timestamp cursor's lookback needs a"
                + " unit, e.g. 2 hours or 1 day, not '3600'");
    assertThat(e.hint()).isEqualTo("e.g. lookback: 2h");
  }

  @Test
  void shouldRejectAnUnknownChunkByWithASuggestion() {
    ConfigException e =
        error(
            """
                mode: chunked
                chunk:
                  column: created_at
                  by: dya
            """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:10:11: exports[0].chunk.by: 'dya' is not a valid value; did you mean"
                + " 'day'? (valid: range, day, week, month)");
  }

  @Test
  void shouldRejectACountWithCalendarChunks() {
    ConfigException e =
        error(
            """
                mode: chunked
                chunk:
                  column: created_at
                  by: day
                  count: 4
            """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:11:14: exports[0].chunk.count: count applies to by: range only (by: day"
                + " makes one chunk per period)");
    assertThat(e.hint()).isEqualTo("use size: N for N days per chunk, or by: range");
  }

  @Test
  void shouldRejectSizeTogetherWithCount() {
    ConfigException e = error("    mode: chunked\n    chunk: {column: id, size: 10, count: 4}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:8:42: exports[0].chunk.count: cannot be combined with"
                + " exports[0].chunk.size (mutually exclusive: size, count)");
  }

  @Test
  void shouldRejectAnUnknownTimeZoneInChunkAndWindow() {
    ConfigException chunk =
        error("    mode: chunked\n    chunk: {column: c, by: day, time_zone: Europe/Berln}\n");
    ConfigException window =
        error(
            "    mode: time_window\n"
                + "    window: {column: c, last: 1 day, time_zone: America/NewYork}\n");

    assertThat(chunk.getMessage())
        .endsWith(
            "rivet.yaml:8:44: exports[0].chunk.time_zone: 'Europe/Berln' is not a time zone (use"
                + " an IANA id such as UTC or Europe/Berlin)");
    assertThat(chunk.hint()).isEqualTo("write an IANA zone id, e.g. time_zone: Europe/Berlin");
    assertThat(window.getMessage())
        .contains("rivet.yaml:8:49: exports[0].window.time_zone: 'America/NewYork' is not a time");
  }

  @Test
  void shouldRejectAWindowWithoutATimeUnit() {
    ConfigException e = error("    mode: time_window\n    window: {column: c, last: 7}\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:8:31: exports[0].window.last: a time window needs a positive length in"
                + " time, e.g. 7 days or 24 hours, not '7'");
  }

  @Test
  void shouldRequireTheWindowLength() {
    ConfigException e = error("    mode: time_window\n    window: {column: c}\n");

    assertThat(e.getMessage())
        .endsWith("rivet.yaml:8:13: exports[0].window.last: required key is missing");
    assertThat(e.hint()).contains("last: 7 days");
  }

  @Test
  void shouldRequireTheChunkColumn() {
    ConfigException e = error("    mode: chunked\n    chunk: {by: day}\n");

    assertThat(e.getMessage())
        .endsWith("rivet.yaml:8:12: exports[0].chunk.column: required key is missing");
  }

  @Test
  void shouldRejectAModeBlockThatIsNotAMapping() {
    ConfigException e = error("    mode: incremental\n    cursor: updated_at\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:8:13: exports[0].cursor: expected a mapping with keys column, type,");
  }
}
