package dev.rivet.launcher.config;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import java.util.List;

/** {@code format}, {@code compression} and {@code destination} of an export. */
record OutputKeys(
    Setting<Format> format, Setting<Compression> compression, Setting<Destination> destination) {

  static final SettingKey<Format> FORMAT =
      new SettingKey<>("format", n -> n.choice(Format.values(), Format::wireValue));
  static final SettingKey<Compression> COMPRESSION =
      new SettingKey<>("compression", n -> n.choice(Compression.values(), Compression::wireValue));
  static final SettingKey<Destination> DESTINATION =
      new SettingKey<>("destination", DestinationText::parse);

  static final List<SettingKey<?>> KEYS = List.of(FORMAT, COMPRESSION, DESTINATION);

  OutputKeys {
    Setting.requireAll(format, compression, destination);
  }

  /** The format, then its default codec: zstd pages for Parquet, plain text for CSV. */
  static Setting<Format> format(SettingLevels levels) {
    return levels.get(FORMAT, Format.DEFAULT);
  }

  static Setting<Compression> compression(SettingLevels levels, Setting<Format> format) {
    return levels.get(COMPRESSION, format.value().defaultCompression());
  }

  /**
   * These settings, {@code format} and {@code compression} resolved before; no destination is an
   * error.
   */
  static OutputKeys resolve(
      SettingLevels levels, Setting<Format> format, Setting<Compression> compression) {
    return new OutputKeys(
        format,
        compression,
        levels.required(
            DESTINATION,
            "add destination: ./out (a local directory, relative to the config file)"));
  }

  List<Setting<?>> all() {
    return List.of(format, compression, destination);
  }
}
