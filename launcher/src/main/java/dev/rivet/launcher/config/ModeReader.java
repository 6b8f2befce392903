package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.TimeWindowMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an export's {@code mode} and the block that mode needs: {@code cursor} for incremental,
 * {@code chunk} for chunked, {@code window} for time_window.
 */
final class ModeReader {
  private static final List<String> MODES = ConfigKeys.MODES;
  private static final Map<String, String> BLOCK_OF_MODE =
      Map.of("incremental", "cursor", "chunked", "chunk", "time_window", "window");
  static final List<String> CURSOR_KEYS = ConfigKeys.CURSOR.names();
  static final List<String> CHUNK_KEYS = ConfigKeys.CHUNK.names();
  static final List<String> WINDOW_KEYS = ConfigKeys.WINDOW.names();

  private ModeReader() {}

  static ExtractMode read(ConfigMapping export) {
    String mode =
        export.has("mode")
            ? export.get("mode").choice(MODES.toArray(new String[0]), m -> m)
            : "full";
    for (Map.Entry<String, String> block : BLOCK_OF_MODE.entrySet()) {
      if (!block.getKey().equals(mode) && export.has(block.getValue())) {
        throw export
            .get(block.getValue())
            .error(
                block.getValue()
                    + " applies to mode: "
                    + block.getKey()
                    + ", but the mode is "
                    + mode,
                "set mode: " + block.getKey() + ", or remove " + block.getValue());
      }
    }
    switch (mode) {
      case "incremental":
        return incremental(required(export, "cursor", "{column: updated_at, type: timestamp}"));
      case "chunked":
        return chunked(required(export, "chunk", "{column: created_at, by: day}"));
      case "time_window":
        return timeWindow(required(export, "window", "{column: created_at, last: 7 days}"));
      default:
        return new FullMode();
    }
  }

  private static ConfigNode required(ConfigMapping export, String key, String example) {
    ConfigNode node = export.get(key);
    if (!node.isSet()) {
      throw node.error(
          "required for mode: " + export.get("mode").text(), "add " + key + ": " + example);
    }
    return node;
  }

  private static IncrementalMode incremental(ConfigNode node) {
    ConfigMapping cursor = node.mapping(CURSOR_KEYS);
    String column = requiredText(cursor, "column", "the cursor column, e.g. updated_at");
    ConfigNode typeNode = cursor.get("type");
    if (!typeNode.isSet()) {
      throw typeNode.error(
          "required key is missing", "add type: int, timestamp or date (the cursor's SQL type)");
    }
    CursorType type = typeNode.choice(CursorType.values(), CursorType::wireValue);
    List<String> fallback = new ArrayList<>();
    if (cursor.has("fallback")) {
      ConfigNode f = cursor.get("fallback");
      if (f.isList()) {
        for (ConfigNode item : f.list()) {
          fallback.add(item.text());
        }
      } else {
        fallback.add(f.text());
      }
    }
    Span lookback = cursor.has("lookback") ? span(cursor.get("lookback")) : Span.NONE;
    try {
      return new IncrementalMode(column, type, fallback, lookback);
    } catch (IllegalArgumentException e) {
      throw cursor
          .get("lookback")
          .error(
              e.getMessage(),
              type == CursorType.INT ? "write a number, e.g. lookback: 1000" : "e.g. lookback: 2h");
    }
  }

  private static ChunkedMode chunked(ConfigNode node) {
    ConfigMapping chunk = node.mapping(CHUNK_KEYS);
    String column = requiredText(chunk, "column", "the column to chunk on, e.g. created_at");
    ChunkBy by =
        chunk.has("by")
            ? chunk.get("by").choice(ChunkBy.values(), ChunkBy::wireValue)
            : ChunkBy.RANGE;
    chunk.oneOf(false, "size", "count");
    long size = chunk.has("size") ? chunk.get("size").integer(1, Long.MAX_VALUE) : 0;
    int count = chunk.has("count") ? (int) chunk.get("count").integer(1, 10_000) : 0;
    if (count > 0 && by != ChunkBy.RANGE) {
      throw chunk
          .get("count")
          .error(
              "count applies to by: range only (by: "
                  + by.wireValue()
                  + " makes one chunk per period)",
              "use size: N for N " + by.wireValue() + "s per chunk, or by: range");
    }
    String zone = zone(chunk);
    return new ChunkedMode(column, by, size, count, zone);
  }

  private static TimeWindowMode timeWindow(ConfigNode node) {
    ConfigMapping window = node.mapping(WINDOW_KEYS);
    String column = requiredText(window, "column", "the date or timestamp column, e.g. created_at");
    ConfigNode lastNode = window.get("last");
    if (!lastNode.isSet()) {
      throw lastNode.error("required key is missing", "add last: 7 days (or 24 hours, 1 month)");
    }
    Span last = span(lastNode);
    try {
      return new TimeWindowMode(column, last, zone(window));
    } catch (IllegalArgumentException e) {
      throw lastNode.error(e.getMessage(), "write e.g. last: 7 days");
    }
  }

  private static String requiredText(ConfigMapping mapping, String key, String what) {
    ConfigNode node = mapping.get(key);
    if (!node.isSet()) {
      throw node.error("required key is missing", "add " + key + ": <" + what + ">");
    }
    return node.text();
  }

  private static Span span(ConfigNode node) {
    try {
      return Span.parse(node.text());
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage(), "write e.g. 2h, 3 days, 1 month, or a number of keys");
    }
  }

  private static String zone(ConfigMapping mapping) {
    if (!mapping.has("time_zone")) {
      return "UTC";
    }
    ConfigNode node = mapping.get("time_zone");
    try {
      return new ChunkedMode("c", ChunkBy.DAY, 0, 0, node.text()).timeZone();
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage(), "write an IANA zone id, e.g. time_zone: Europe/Berlin");
    }
  }
}
