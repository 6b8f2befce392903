package dev.rivet.launcher.config;

/** The export and the {@code defaults} it inherits from, which resolve each key to a setting. */
record SettingLevels(ConfigMapping export, ConfigMapping defaults) {

  /** The export's value, else the defaults', else the kernel's {@code builtIn}. */
  <T> Setting<T> get(SettingKey<T> key, T builtIn) {
    return get(key, builtIn, Setting.Level.BUILT_IN);
  }

  /** The export's value, else the defaults', else {@code inherited} from {@code level}. */
  <T> Setting<T> get(SettingKey<T> key, T inherited, Setting.Level level) {
    ConfigNode atExport = key.in(export);
    if (atExport.isSet()) {
      return new Setting<>(key.path(), key.parse().apply(atExport), Setting.Level.EXPORT, atExport);
    }
    ConfigNode atDefaults = key.in(defaults);
    if (atDefaults.isSet()) {
      return new Setting<>(
          key.path(), key.parse().apply(atDefaults), Setting.Level.DEFAULTS, atDefaults);
    }
    return new Setting<>(key.path(), inherited, level, atExport);
  }

  /** A key with no default: an error at the export when neither level sets it. */
  <T> Setting<T> required(SettingKey<T> key, String hint) {
    ConfigNode atExport = key.in(export);
    if (!atExport.isSet() && !key.in(defaults).isSet()) {
      throw atExport.error(
          "required key is missing (set it here or in defaults." + key.path() + ")", hint);
    }
    return get(key, null, Setting.Level.BUILT_IN);
  }
}
