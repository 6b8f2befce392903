package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.FileRotation;
import java.util.List;

/** {@code max_file_size} and {@code max_rows_per_file}; 0 is no limit. */
record RotationKeys(Setting<Long> maxFileBytes, Setting<Long> maxRowsPerFile) {

  private static final long MIN_FILE_BYTES = 1024L * 1024;

  static final SettingKey<Long> MAX_FILE_BYTES =
      new SettingKey<>("max_file_size", n -> n.byteSize(MIN_FILE_BYTES));
  static final SettingKey<Long> MAX_ROWS_PER_FILE =
      new SettingKey<>("max_rows_per_file", n -> n.integer(FileRotation.ROWS_PER_FILE));

  static final List<SettingKey<?>> KEYS = List.of(MAX_FILE_BYTES, MAX_ROWS_PER_FILE);

  RotationKeys {
    Setting.requireAll(maxFileBytes, maxRowsPerFile);
  }

  static RotationKeys resolve(SettingLevels levels) {
    return new RotationKeys(
        levels.get(MAX_FILE_BYTES, FileRotation.NONE.maxFileBytes()),
        levels.get(MAX_ROWS_PER_FILE, FileRotation.NONE.maxRowsPerFile()));
  }

  FileRotation toFileRotation() {
    return new FileRotation(maxFileBytes.value(), maxRowsPerFile.value());
  }

  List<Setting<?>> all() {
    return List.of(maxFileBytes, maxRowsPerFile);
  }
}
