package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.MemorySettings;
import java.util.List;

/** {@code batch_size_memory_mb} and {@code max_value_size}; 0 is derived (see the kernel). */
record MemoryKeys(Setting<Long> budgetMb, Setting<Long> maxValueBytes) {

  static final SettingKey<Long> BUDGET_MB =
      new SettingKey<>("batch_size_memory_mb", n -> n.integer(MemorySettings.BUDGET_MB));
  static final SettingKey<Long> MAX_VALUE_BYTES =
      new SettingKey<>(
          "max_value_size",
          n ->
              n.byteSize(
                  MemorySettings.MAX_VALUE_BYTES.min(),
                  MemorySettings.MAX_VALUE_BYTES.max(),
                  "a column declared at most "
                      + MemorySettings.MEASURED_ABOVE_CHARS
                      + " characters wide is not measured, and no source value exceeds 1GiB"));

  static final List<SettingKey<?>> KEYS = List.of(BUDGET_MB, MAX_VALUE_BYTES);

  MemoryKeys {
    Setting.requireAll(budgetMb, maxValueBytes);
  }

  static MemoryKeys resolve(SettingLevels levels) {
    MemorySettings derived = MemorySettings.DERIVED;
    return new MemoryKeys(
        levels.get(BUDGET_MB, derived.budgetMb()),
        levels.get(MAX_VALUE_BYTES, derived.maxValueBytes()));
  }

  /** The kernel record, which checks the ranges. */
  MemorySettings toMemorySettings() {
    return new MemorySettings(budgetMb.value(), maxValueBytes.value());
  }

  List<Setting<?>> all() {
    return List.of(budgetMb, maxValueBytes);
  }
}
