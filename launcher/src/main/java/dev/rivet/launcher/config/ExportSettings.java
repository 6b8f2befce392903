package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys an export shares with {@code defaults}, each resolved to a {@link Setting}: the export's
 * value, else the defaults', else its tuning profile's, else the kernel's built-in default. Every
 * setting is present (a missing destination is an error while resolving). Values are parsed to
 * their type by the group that owns their keys, whole numbers within the range their kernel record
 * defines (so an error shows the value as written); every other rule is the kernel records' to
 * check, in {@link #toSpec}.
 */
record ExportSettings(
    OutputKeys output,
    ReadingKeys reading,
    ValueKeys values,
    RotationKeys rotation,
    RetryKeys retries,
    TuningKeys tuning,
    Setting<MetaColumns> metaColumns,
    ShapeDriftKeys shapeDrift,
    MemoryKeys memory) {

  static final List<String> KEYS = ConfigKeys.SETTINGS.names();

  /** The keys of {@code tuning}. */
  static final List<String> TUNING_KEYS = ConfigKeys.TUNING.names();

  /** The keys of {@code retries}. */
  static final List<String> RETRY_KEYS = ConfigKeys.RETRIES.names();

  private static final SettingKey<MetaColumns> META_COLUMNS =
      new SettingKey<>("meta_columns", MetaColumnsText::parse);

  /** Every key, in the order of {@link #KEYS}. */
  private static final List<SettingKey<?>> ALL_KEYS = allKeys();

  ExportSettings {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(rotation, "rotation");
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(metaColumns, "metaColumns");
    Objects.requireNonNull(shapeDrift, "shapeDrift");
    Objects.requireNonNull(memory, "memory");
  }

  /**
   * The mapping of {@code defaults} (empty when it is not set), each of its values parsed once so
   * that a bad one is an error even when every export overrides it.
   */
  static ConfigMapping readDefaults(ConfigNode defaults) {
    if (!defaults.isSet()) {
      return new ConfigMapping(defaults, Map.of());
    }
    ConfigMapping mapping = defaults.mapping(ConfigKeys.DEFAULTS.names());
    for (SettingKey<?> key : ALL_KEYS) {
      ConfigNode node = key.in(mapping);
      if (node.isSet()) {
        key.parse().apply(node);
      }
    }
    return mapping;
  }

  /**
   * The settings of {@code export}, each unset one taken from {@code defaults}, then from the
   * tuning profile (whose chunk size depends on the {@code source} read), then from the kernel.
   * Keys are resolved, and so reported when bad, in the order they always were.
   */
  static ExportSettings resolve(ConfigMapping export, ConfigMapping defaults, SourceKind source) {
    SettingLevels levels = new SettingLevels(export, defaults);
    Setting<Format> format = OutputKeys.format(levels);
    Setting<Compression> compression = OutputKeys.compression(levels, format);
    Setting<TuningProfile> profile = TuningKeys.profile(levels);
    ReadingKeys reading =
        ReadingKeys.resolve(levels, profile.value(), TuningKeys.fromProfile(profile), source);
    ValueKeys values = ValueKeys.resolve(levels);
    RotationKeys rotation = RotationKeys.resolve(levels);
    RetryKeys retries = RetryKeys.resolve(levels);
    TuningKeys tuning = TuningKeys.resolve(levels, profile);
    OutputKeys output = OutputKeys.resolve(levels, format, compression);
    // An export's meta_columns replaces the one in defaults as a whole.
    Setting<MetaColumns> metaColumns = levels.get(META_COLUMNS, MetaColumns.NONE);
    ShapeDriftKeys shapeDrift = ShapeDriftKeys.resolve(levels);
    MemoryKeys memory = MemoryKeys.resolve(levels);
    return new ExportSettings(
        output, reading, values, rotation, retries, tuning, metaColumns, shapeDrift, memory);
  }

  /**
   * The export spec these settings make, in {@code mode}; an {@link
   * dev.rivet.kernel.plan.InvalidSettingException} when a value breaks a kernel record's rule,
   * whose key {@link #find} maps back to its setting.
   */
  ExportSpec toSpec(String name, Relation relation, ExtractMode mode) {
    return new ExportSpec(
        name,
        relation,
        mode,
        new ReadSettings(
            reading.chunkRows().value(),
            reading.fetchSize().value(),
            reading.parallelism(tuning.profile().value()),
            tuning.readProtocol().value(),
            reading.consistency().value(),
            tuning.pauseMillis().value(),
            retries.toRetrySettings(),
            memory.toMemorySettings(),
            tuning.governor().toGovernorSettings(reading.autoParallelism())),
        new ValuePolicies(
            values.onInfinity().value(),
            values.onZeroDate().value(),
            values.onArrayLowerBound().value(),
            null,
            metaColumns.value()),
        new OutputSettings(
            output.format().value(),
            output.compression().value(),
            output.destination().value(),
            reading.rowGroupBytes().value(),
            rotation.toFileRotation()),
        new CheckSettings(values.onSchemaDrift().value(), shapeDrift.toShapeDriftSettings(), null));
  }

  /**
   * Refuses settings the source cannot serve: {@code consistency: snapshot} needs a source whose
   * connections can share one snapshot.
   */
  void requireReadable(String export, SourceKind source) {
    Setting<Consistency> consistency = reading.consistency();
    if (consistency.value() == Consistency.SNAPSHOT && !source.sharesSnapshots()) {
      throw consistency.error(
          "export '"
              + export
              + "' asks for consistency: snapshot, but a "
              + source.wireName()
              + " source cannot share one snapshot between the connections that read its"
              + " chunks (only PostgreSQL can)",
          "remove consistency (each chunk then reads its own snapshot), or read the table as one"
              + " chunk in one transaction: parallelism: 1 and chunk_rows larger than the table");
    }
  }

  /** Every setting, in the order of {@link #KEYS}. */
  List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>();
    all.addAll(output.all());
    all.addAll(reading.all());
    all.addAll(memory.all());
    all.addAll(values.all());
    all.addAll(rotation.all());
    all.addAll(retries.all());
    all.addAll(tuning.all());
    all.add(metaColumns);
    all.addAll(shapeDrift.all());
    return List.copyOf(all);
  }

  /** The setting of {@code key} (a path such as {@code retries.backoff}), if it is one of these. */
  Optional<Setting<?>> find(String key) {
    return all().stream().filter(s -> s.key().equals(key)).findFirst();
  }

  private static List<SettingKey<?>> allKeys() {
    List<SettingKey<?>> keys = new ArrayList<>();
    keys.addAll(OutputKeys.KEYS);
    keys.addAll(ReadingKeys.KEYS);
    keys.addAll(MemoryKeys.KEYS);
    keys.addAll(ValueKeys.KEYS);
    keys.addAll(RotationKeys.KEYS);
    keys.addAll(RetryKeys.KEYS);
    keys.addAll(TuningKeys.KEYS);
    keys.add(META_COLUMNS);
    keys.addAll(ShapeDriftKeys.KEYS);
    return List.copyOf(keys);
  }
}
