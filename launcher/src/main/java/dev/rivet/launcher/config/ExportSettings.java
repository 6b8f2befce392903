package dev.rivet.launcher.config;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.SettingRange;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys an export shares with {@code defaults}, each resolved to a {@link Setting}: the export's
 * value, else the defaults', else its tuning profile's, else the kernel's built-in default. Every
 * setting is present (a missing destination is an error while resolving). Values are parsed to
 * their type here, whole numbers within the range their kernel record defines (so an error shows
 * the value as written); every other rule is the kernel records' to check, in {@link #toSpec}.
 */
record ExportSettings(
    Output output,
    Reading reading,
    Values values,
    Rotation rotation,
    Retries retries,
    Tuning tuning,
    Setting<MetaColumns> metaColumns,
    ShapeDrift shapeDrift,
    Memory memory) {

  static final List<String> KEYS = ConfigKeys.SETTINGS.names();

  /** The keys of {@code tuning}. */
  static final List<String> TUNING_KEYS = ConfigKeys.TUNING.names();

  /** The keys of {@code retries}. */
  static final List<String> RETRY_KEYS = ConfigKeys.RETRIES.names();

  private static final long MIN_FILE_BYTES = 1024L * 1024;

  private static final Key<Format> FORMAT =
      new Key<>("format", n -> n.choice(Format.values(), Format::wireValue));
  private static final Key<Compression> COMPRESSION =
      new Key<>("compression", n -> n.choice(Compression.values(), Compression::wireValue));
  private static final Key<Destination> DESTINATION =
      new Key<>("destination", DestinationText::parse);
  private static final Key<Long> CHUNK_ROWS =
      new Key<>("chunk_rows", n -> n.integer(ReadSettings.CHUNK_ROWS));
  private static final Key<Integer> FETCH_SIZE =
      new Key<>("fetch_size", n -> intValue(n, ReadSettings.FETCH_SIZE));

  /** The value of {@code parallelism: auto}: the planner chooses (see {@link #toSpec}). */
  static final int AUTO_PARALLELISM = 0;

  private static final Key<Integer> PARALLELISM =
      new Key<>(
          "parallelism",
          n -> {
            String text = n.text().strip();
            if (text.equalsIgnoreCase("auto")) {
              return AUTO_PARALLELISM;
            }
            if (!text.replace("_", "").matches("[-+]?[0-9]+")) {
              throw n.error(
                  "'"
                      + text
                      + "' is not an integer (expected a whole number "
                      + ReadSettings.PARALLELISM.describe()
                      + ") nor auto",
                  "write a plain number, e.g. parallelism: 4, or parallelism: auto to let the"
                      + " planner choose");
            }
            return intValue(n, ReadSettings.PARALLELISM);
          });
  private static final Key<Consistency> CONSISTENCY =
      new Key<>("consistency", n -> n.choice(Consistency.values(), Consistency::wireValue));
  private static final Key<Long> ROW_GROUP_BYTES = new Key<>("row_group_size", n -> n.byteSize(0));
  private static final Key<Long> BUDGET_MB =
      new Key<>("batch_size_memory_mb", n -> n.integer(MemorySettings.BUDGET_MB));
  private static final Key<Long> MAX_VALUE_BYTES =
      new Key<>(
          "max_value_size",
          n ->
              n.byteSize(
                  MemorySettings.MAX_VALUE_BYTES.min(),
                  MemorySettings.MAX_VALUE_BYTES.max(),
                  "a column declared at most "
                      + MemorySettings.MEASURED_ABOVE_CHARS
                      + " characters wide is not measured, and no source value exceeds 1GiB"));
  private static final Key<InfinityPolicy> ON_INFINITY =
      new Key<>("on_infinity", n -> n.choice(InfinityPolicy.values(), InfinityPolicy::wireValue));
  private static final Key<ZeroDatePolicy> ON_ZERO_DATE =
      new Key<>("on_zero_date", n -> n.choice(ZeroDatePolicy.values(), ZeroDatePolicy::wireValue));
  private static final Key<ArrayBoundPolicy> ON_ARRAY_LOWER_BOUND =
      new Key<>(
          "on_array_lower_bound",
          n -> n.choice(ArrayBoundPolicy.values(), ArrayBoundPolicy::wireValue));
  private static final Key<SchemaDriftPolicy> ON_SCHEMA_DRIFT =
      new Key<>(
          "on_schema_drift",
          n -> n.choice(SchemaDriftPolicy.values(), SchemaDriftPolicy::wireValue));
  private static final Key<Long> MAX_FILE_BYTES =
      new Key<>("max_file_size", n -> n.byteSize(MIN_FILE_BYTES));
  private static final Key<Long> MAX_ROWS_PER_FILE =
      new Key<>("max_rows_per_file", n -> n.integer(FileRotation.ROWS_PER_FILE));
  private static final Key<Integer> RETRY_ATTEMPTS =
      new Key<>("retries.attempts", n -> intValue(n, RetrySettings.ATTEMPTS));
  private static final Key<Long> RETRY_BACKOFF = new Key<>("retries.backoff", n -> millis(n));
  private static final Key<Long> RETRY_MAX_BACKOFF =
      new Key<>("retries.max_backoff", n -> millis(n));
  private static final Key<TuningProfile> PROFILE =
      new Key<>("tuning.profile", n -> n.choice(TuningProfile.values(), TuningProfile::wireValue));
  private static final Key<Long> PAUSE = new Key<>("tuning.pause_between_chunks", n -> millis(n));
  private static final Key<ReadProtocol> READ_PROTOCOL =
      new Key<>(
          "tuning.read_protocol", n -> n.choice(ReadProtocol.values(), ReadProtocol::wireValue));
  private static final Key<LatencyThreshold> MAX_SOURCE_LATENCY =
      new Key<>("tuning.max_source_latency", LatencyThresholdText::parse);
  private static final Key<Long> MAX_REPLICA_LAG =
      new Key<>(
          "tuning.max_replica_lag", n -> n.durationMillis(GovernorSettings.MAX_THRESHOLD_MILLIS));
  private static final Key<Long> MAX_ROWS_PER_SECOND =
      new Key<>("tuning.max_rows_per_second", n -> n.integer(0, Long.MAX_VALUE));
  private static final Key<Long> MAX_BYTES_PER_SECOND =
      new Key<>("tuning.max_bytes_per_second", n -> n.byteSize(0));
  private static final Key<MetaColumns> META_COLUMNS =
      new Key<>("meta_columns", MetaColumnsText::parse);
  private static final Key<Double> SHAPE_WARN_FACTOR =
      new Key<>(ShapeDriftSettings.WARN_FACTOR_KEY, n -> DecimalText.parse(n, "2.0"));
  private static final Key<Double> SHAPE_NULL_RATIO_JUMP =
      new Key<>(ShapeDriftSettings.NULL_RATIO_JUMP_KEY, n -> DecimalText.parse(n, "0.2"));

  private static final List<Key<?>> ALL_KEYS =
      List.of(
          FORMAT,
          COMPRESSION,
          DESTINATION,
          CHUNK_ROWS,
          FETCH_SIZE,
          PARALLELISM,
          CONSISTENCY,
          ROW_GROUP_BYTES,
          BUDGET_MB,
          MAX_VALUE_BYTES,
          ON_INFINITY,
          ON_ZERO_DATE,
          ON_ARRAY_LOWER_BOUND,
          ON_SCHEMA_DRIFT,
          MAX_FILE_BYTES,
          MAX_ROWS_PER_FILE,
          RETRY_ATTEMPTS,
          RETRY_BACKOFF,
          RETRY_MAX_BACKOFF,
          PROFILE,
          PAUSE,
          READ_PROTOCOL,
          MAX_SOURCE_LATENCY,
          MAX_REPLICA_LAG,
          MAX_ROWS_PER_SECOND,
          MAX_BYTES_PER_SECOND,
          META_COLUMNS,
          SHAPE_WARN_FACTOR,
          SHAPE_NULL_RATIO_JUMP);

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

  /** {@code batch_size_memory_mb} and {@code max_value_size}; 0 is derived (see the kernel). */
  record Memory(Setting<Long> budgetMb, Setting<Long> maxValueBytes) {
    Memory {
      requireAll(budgetMb, maxValueBytes);
    }

    /** The kernel record, which checks the ranges. */
    MemorySettings toMemorySettings() {
      return new MemorySettings(budgetMb.value(), maxValueBytes.value());
    }
  }

  /** {@code format}, {@code compression} and {@code destination}. */
  record Output(
      Setting<Format> format, Setting<Compression> compression, Setting<Destination> destination) {
    Output {
      requireAll(format, compression, destination);
    }
  }

  /**
   * {@code chunk_rows}, {@code fetch_size}, {@code parallelism}, {@code consistency} and {@code
   * row_group_size}.
   */
  record Reading(
      Setting<Long> chunkRows,
      Setting<Integer> fetchSize,
      Setting<Integer> parallelism,
      Setting<Consistency> consistency,
      Setting<Long> rowGroupBytes) {
    Reading {
      requireAll(chunkRows, fetchSize, parallelism, consistency, rowGroupBytes);
    }
  }

  /**
   * {@code on_infinity}, {@code on_zero_date}, {@code on_array_lower_bound} and {@code
   * on_schema_drift}.
   */
  record Values(
      Setting<InfinityPolicy> onInfinity,
      Setting<ZeroDatePolicy> onZeroDate,
      Setting<ArrayBoundPolicy> onArrayLowerBound,
      Setting<SchemaDriftPolicy> onSchemaDrift) {
    Values {
      requireAll(onInfinity, onZeroDate, onArrayLowerBound, onSchemaDrift);
    }
  }

  /** {@code max_file_size} and {@code max_rows_per_file}; 0 is no limit. */
  record Rotation(Setting<Long> maxFileBytes, Setting<Long> maxRowsPerFile) {
    Rotation {
      requireAll(maxFileBytes, maxRowsPerFile);
    }

    FileRotation toFileRotation() {
      return new FileRotation(maxFileBytes.value(), maxRowsPerFile.value());
    }
  }

  /** The keys of {@code retries}, each inherited on its own. */
  record Retries(
      Setting<Integer> attempts, Setting<Long> backoffMillis, Setting<Long> maxBackoffMillis) {
    Retries {
      requireAll(attempts, backoffMillis, maxBackoffMillis);
    }

    /** The kernel record, which checks the ranges and the order of the two backoffs. */
    RetrySettings toRetrySettings() {
      return new RetrySettings(attempts.value(), backoffMillis.value(), maxBackoffMillis.value());
    }
  }

  /** The keys of {@code tuning}. */
  record Tuning(
      Setting<TuningProfile> profile,
      Setting<Long> pauseMillis,
      Setting<ReadProtocol> readProtocol,
      Governor governor) {
    Tuning {
      requireAll(profile, pauseMillis, readProtocol);
      Objects.requireNonNull(governor, "governor");
    }
  }

  /**
   * {@code tuning.max_source_latency}, {@code max_replica_lag}, {@code max_rows_per_second} and
   * {@code max_bytes_per_second}; 0 is off.
   */
  record Governor(
      Setting<LatencyThreshold> maxSourceLatency,
      Setting<Long> maxReplicaLagMillis,
      Setting<Long> maxRowsPerSecond,
      Setting<Long> maxBytesPerSecond) {
    Governor {
      requireAll(maxSourceLatency, maxReplicaLagMillis, maxRowsPerSecond, maxBytesPerSecond);
    }

    /** The kernel record, which checks the ranges. */
    GovernorSettings toGovernorSettings(boolean autoParallelism) {
      return new GovernorSettings(
              0,
              maxReplicaLagMillis.value(),
              maxRowsPerSecond.value(),
              maxBytesPerSecond.value(),
              autoParallelism)
          .withSourceLatency(maxSourceLatency.value());
    }
  }

  /** {@code shape_drift_warn_factor} and {@code shape_drift_null_ratio_jump}. */
  record ShapeDrift(Setting<Double> warnFactor, Setting<Double> nullRatioJump) {
    ShapeDrift {
      requireAll(warnFactor, nullRatioJump);
    }

    /** The kernel record, which checks the ranges. */
    ShapeDriftSettings toShapeDriftSettings() {
      return new ShapeDriftSettings(warnFactor.value(), nullRatioJump.value());
    }
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
    for (Key<?> key : ALL_KEYS) {
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
   */
  static ExportSettings resolve(ConfigMapping export, ConfigMapping defaults, SourceKind source) {
    Levels levels = new Levels(export, defaults);
    Setting<Format> format = levels.get(FORMAT, Format.DEFAULT);
    // Each format has its own default codec: zstd pages for Parquet, plain text for CSV.
    Setting<Compression> compression = levels.get(COMPRESSION, format.value().defaultCompression());
    Setting<TuningProfile> profile = levels.get(PROFILE, TuningProfile.DEFAULT);
    // A profile fills in only what neither the export nor defaults set.
    TuningProfile p = profile.value();
    Setting.Level fromProfile =
        profile.level() == Setting.Level.BUILT_IN ? Setting.Level.BUILT_IN : Setting.Level.PROFILE;
    Reading reading =
        new Reading(
            levels.get(CHUNK_ROWS, p.chunkRows(source), fromProfile),
            levels.get(FETCH_SIZE, p.fetchSize(), fromProfile),
            levels.get(PARALLELISM, p.parallelism(), fromProfile),
            levels.get(CONSISTENCY, Consistency.DEFAULT),
            levels.get(ROW_GROUP_BYTES, OutputSettings.DEFAULT_ROW_GROUP_BYTES));
    Values values =
        new Values(
            levels.get(ON_INFINITY, InfinityPolicy.DEFAULT),
            levels.get(ON_ZERO_DATE, ZeroDatePolicy.DEFAULT),
            levels.get(ON_ARRAY_LOWER_BOUND, ArrayBoundPolicy.DEFAULT),
            levels.get(ON_SCHEMA_DRIFT, SchemaDriftPolicy.DEFAULT));
    Rotation rotation =
        new Rotation(
            levels.get(MAX_FILE_BYTES, FileRotation.NONE.maxFileBytes()),
            levels.get(MAX_ROWS_PER_FILE, FileRotation.NONE.maxRowsPerFile()));
    RetrySettings builtIn = RetrySettings.DEFAULT;
    Retries retries =
        new Retries(
            levels.get(RETRY_ATTEMPTS, builtIn.maxAttempts()),
            levels.get(RETRY_BACKOFF, builtIn.initialBackoffMillis()),
            levels.get(RETRY_MAX_BACKOFF, builtIn.maxBackoffMillis()));
    Tuning tuning =
        new Tuning(
            profile,
            levels.get(PAUSE, p.pauseMillis(), fromProfile),
            levels.get(READ_PROTOCOL, ReadProtocol.DEFAULT),
            new Governor(
                levels.get(MAX_SOURCE_LATENCY, p.maxSourceLatency(), fromProfile),
                levels.get(MAX_REPLICA_LAG, p.maxReplicaLagMillis(), fromProfile),
                levels.get(MAX_ROWS_PER_SECOND, 0L),
                levels.get(MAX_BYTES_PER_SECOND, 0L)));
    Output output =
        new Output(
            format,
            compression,
            levels.required(
                DESTINATION,
                "add destination: ./out (a local directory, relative to the config file)"));
    // An export's meta_columns replaces the one in defaults as a whole.
    Setting<MetaColumns> metaColumns = levels.get(META_COLUMNS, MetaColumns.NONE);
    ShapeDriftSettings shapeDefaults = ShapeDriftSettings.DEFAULT;
    ShapeDrift shapeDrift =
        new ShapeDrift(
            levels.get(SHAPE_WARN_FACTOR, shapeDefaults.warnFactor()),
            levels.get(SHAPE_NULL_RATIO_JUMP, shapeDefaults.nullRatioJump()));
    MemorySettings derived = MemorySettings.DERIVED;
    Memory memory =
        new Memory(
            levels.get(BUDGET_MB, derived.budgetMb()),
            levels.get(MAX_VALUE_BYTES, derived.maxValueBytes()));
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
            // auto: the profile's ceiling, under which the planner chooses.
            autoParallelism()
                ? tuning.profile().value().autoParallelismCeiling()
                : reading.parallelism().value(),
            tuning.readProtocol().value(),
            reading.consistency().value(),
            tuning.pauseMillis().value(),
            retries.toRetrySettings(),
            memory.toMemorySettings(),
            tuning.governor().toGovernorSettings(autoParallelism())),
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

  /** Whether the export sets {@code parallelism: auto}. */
  private boolean autoParallelism() {
    return reading.parallelism().value() == AUTO_PARALLELISM;
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
    all.addAll(List.of(output.format(), output.compression(), output.destination()));
    all.addAll(
        List.of(
            reading.chunkRows(),
            reading.fetchSize(),
            reading.parallelism(),
            reading.consistency(),
            reading.rowGroupBytes()));
    all.addAll(List.of(memory.budgetMb(), memory.maxValueBytes()));
    all.addAll(
        List.of(
            values.onInfinity(),
            values.onZeroDate(),
            values.onArrayLowerBound(),
            values.onSchemaDrift()));
    all.addAll(List.of(rotation.maxFileBytes(), rotation.maxRowsPerFile()));
    all.addAll(List.of(retries.attempts(), retries.backoffMillis(), retries.maxBackoffMillis()));
    all.addAll(List.of(tuning.profile(), tuning.pauseMillis(), tuning.readProtocol()));
    Governor governor = tuning.governor();
    all.addAll(
        List.of(
            governor.maxSourceLatency(),
            governor.maxReplicaLagMillis(),
            governor.maxRowsPerSecond(),
            governor.maxBytesPerSecond()));
    all.add(metaColumns);
    all.addAll(List.of(shapeDrift.warnFactor(), shapeDrift.nullRatioJump()));
    return List.copyOf(all);
  }

  /** The setting of {@code key} (a path such as {@code retries.backoff}), if it is one of these. */
  Optional<Setting<?>> find(String key) {
    return all().stream().filter(s -> s.key().equals(key)).findFirst();
  }

  private static void requireAll(Setting<?>... settings) {
    for (Setting<?> setting : settings) {
      Objects.requireNonNull(setting, "every setting of a group is required");
    }
  }

  /** An int within {@code range}, whose bounds are ints. */
  private static int intValue(ConfigNode node, SettingRange range) {
    return Math.toIntExact(node.integer(range));
  }

  private static long millis(ConfigNode node) {
    return node.durationMillis(Long.MAX_VALUE);
  }

  /** One key of an export or {@code defaults}: its path and how its value is read. */
  private record Key<T>(String path, Function<ConfigNode, T> parse) {
    /** The node at this key's path in {@code level} (an export or {@code defaults}), set or not. */
    ConfigNode in(ConfigMapping level) {
      int dot = path.indexOf('.');
      if (dot < 0) {
        return level.get(path);
      }
      String group = path.substring(0, dot);
      String rest = path.substring(dot + 1);
      ConfigNode node = level.get(group);
      List<String> keys = group.equals("retries") ? RETRY_KEYS : TUNING_KEYS;
      return node.isSet() ? node.mapping(keys).get(rest) : node.absentChild(rest);
    }
  }

  /** The export and the {@code defaults} it inherits from. */
  private record Levels(ConfigMapping export, ConfigMapping defaults) {
    <T> Setting<T> get(Key<T> key, T builtIn) {
      return get(key, builtIn, Setting.Level.BUILT_IN);
    }

    /** The export's value, else the defaults', else {@code inherited} from {@code level}. */
    <T> Setting<T> get(Key<T> key, T inherited, Setting.Level level) {
      ConfigNode atExport = key.in(export);
      if (atExport.isSet()) {
        return new Setting<>(
            key.path(), key.parse().apply(atExport), Setting.Level.EXPORT, atExport);
      }
      ConfigNode atDefaults = key.in(defaults);
      if (atDefaults.isSet()) {
        return new Setting<>(
            key.path(), key.parse().apply(atDefaults), Setting.Level.DEFAULTS, atDefaults);
      }
      return new Setting<>(key.path(), inherited, level, atExport);
    }

    /** A key with no default: an error at the export when neither level sets it. */
    <T> Setting<T> required(Key<T> key, String hint) {
      ConfigNode atExport = key.in(export);
      if (!atExport.isSet() && !key.in(defaults).isSet()) {
        throw atExport.error(
            "required key is missing (set it here or in defaults." + key.path() + ")", hint);
      }
      return get(key, null, Setting.Level.BUILT_IN);
    }
  }
}
