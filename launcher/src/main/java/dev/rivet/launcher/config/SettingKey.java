package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.SettingRange;
import java.util.List;
import java.util.function.Function;

/**
 * One key of an export or {@code defaults}: its path (e.g. {@code retries.backoff}) and how its
 * value is read.
 */
record SettingKey<T>(String path, Function<ConfigNode, T> parse) {

  /** The node at this key's path in {@code level} (an export or {@code defaults}), set or not. */
  ConfigNode in(ConfigMapping level) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return level.get(path);
    }
    String group = path.substring(0, dot);
    String rest = path.substring(dot + 1);
    ConfigNode node = level.get(group);
    List<String> keys =
        group.equals("retries") ? ExportSettings.RETRY_KEYS : ExportSettings.TUNING_KEYS;
    return node.isSet() ? node.mapping(keys).get(rest) : node.absentChild(rest);
  }

  /** An int within {@code range}, whose bounds are ints. */
  static int intValue(ConfigNode node, SettingRange range) {
    return Math.toIntExact(node.integer(range));
  }

  /** A duration in milliseconds, without an upper bound of its own. */
  static long millis(ConfigNode node) {
    return node.durationMillis(Long.MAX_VALUE);
  }
}
