package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.source.SourceKind;
import java.util.List;

/**
 * {@code chunk_rows}, {@code fetch_size}, {@code parallelism}, {@code consistency} and {@code
 * row_group_size}.
 */
record ReadingKeys(
    Setting<Long> chunkRows,
    Setting<Integer> fetchSize,
    Setting<Integer> parallelism,
    Setting<Consistency> consistency,
    Setting<Long> rowGroupBytes) {

  /** The value of {@code parallelism: auto}: the planner chooses, under the profile's ceiling. */
  static final int AUTO_PARALLELISM = 0;

  static final SettingKey<Long> CHUNK_ROWS =
      new SettingKey<>("chunk_rows", n -> n.integer(ReadSettings.CHUNK_ROWS));
  static final SettingKey<Integer> FETCH_SIZE =
      new SettingKey<>("fetch_size", n -> SettingKey.intValue(n, ReadSettings.FETCH_SIZE));
  static final SettingKey<Integer> PARALLELISM =
      new SettingKey<>(
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
            return SettingKey.intValue(n, ReadSettings.PARALLELISM);
          });
  static final SettingKey<Consistency> CONSISTENCY =
      new SettingKey<>("consistency", n -> n.choice(Consistency.values(), Consistency::wireValue));
  static final SettingKey<Long> ROW_GROUP_BYTES =
      new SettingKey<>("row_group_size", n -> n.byteSize(0));

  static final List<SettingKey<?>> KEYS =
      List.of(CHUNK_ROWS, FETCH_SIZE, PARALLELISM, CONSISTENCY, ROW_GROUP_BYTES);

  ReadingKeys {
    Setting.requireAll(chunkRows, fetchSize, parallelism, consistency, rowGroupBytes);
  }

  /**
   * These settings; what neither the export nor {@code defaults} sets comes from {@code profile}
   * (at {@code fromProfile}), whose chunk size depends on the {@code source} read.
   */
  static ReadingKeys resolve(
      SettingLevels levels, TuningProfile profile, Setting.Level fromProfile, SourceKind source) {
    return new ReadingKeys(
        levels.get(CHUNK_ROWS, profile.chunkRows(source), fromProfile),
        levels.get(FETCH_SIZE, profile.fetchSize(), fromProfile),
        levels.get(PARALLELISM, profile.parallelism(), fromProfile),
        levels.get(CONSISTENCY, Consistency.DEFAULT),
        levels.get(ROW_GROUP_BYTES, OutputSettings.DEFAULT_ROW_GROUP_BYTES));
  }

  /** Whether the export sets {@code parallelism: auto}. */
  boolean autoParallelism() {
    return parallelism.value() == AUTO_PARALLELISM;
  }

  /**
   * The parallelism to plan with: for {@code auto}, the ceiling under which the planner chooses.
   */
  int parallelism(TuningProfile profile) {
    return autoParallelism() ? profile.autoParallelismCeiling() : parallelism.value();
  }

  List<Setting<?>> all() {
    return List.of(chunkRows, fetchSize, parallelism, consistency, rowGroupBytes);
  }
}
