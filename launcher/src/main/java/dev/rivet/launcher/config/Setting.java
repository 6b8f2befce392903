package dev.rivet.launcher.config;

import java.util.Objects;

/**
 * The value one export key took and the level that chose it; never partial, so an error about the
 * value can always point at the line that set it, or say where an unwritten value came from.
 *
 * @param key the key path within an export, e.g. {@code retries.backoff}, as {@link
 *     dev.rivet.kernel.plan.InvalidSettingException#key()} names it
 * @param node where the value is written; for a value the config does not write, the key as absent
 *     from the export, so that errors point at the export
 */
record Setting<T>(String key, T value, Level level, ConfigNode node) {

  /** Where a value came from, most specific first. */
  enum Level {
    /** The export sets the key itself. */
    EXPORT,
    /** {@code defaults} sets it. */
    DEFAULTS,
    /** The tuning profile that the export or {@code defaults} names. */
    PROFILE,
    /** The kernel's default, from the record or enum that owns it. */
    BUILT_IN
  }

  Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, key);
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(node, "node");
  }

  /**
   * An error about this value at {@link #node}; {@code problem} describes the value, and is
   * prefixed with where the value came from when the config does not write it.
   */
  ConfigException error(String problem, String hint) {
    return node.error(origin() + problem, hint);
  }

  /** Refuses a group of settings with one missing: every setting of a group is resolved. */
  static void requireAll(Setting<?>... settings) {
    for (Setting<?> setting : settings) {
      Objects.requireNonNull(setting, "every setting of a group is required");
    }
  }

  private String origin() {
    switch (level) {
      case PROFILE:
        return "the tuning profile's ";
      case BUILT_IN:
        return "the default ";
      default:
        return "";
    }
  }
}
