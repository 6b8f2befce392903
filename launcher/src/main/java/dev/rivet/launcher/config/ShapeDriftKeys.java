package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ShapeDriftSettings;
import java.util.List;

/** {@code shape_drift_warn_factor} and {@code shape_drift_null_ratio_jump}. */
record ShapeDriftKeys(Setting<Double> warnFactor, Setting<Double> nullRatioJump) {

  static final SettingKey<Double> WARN_FACTOR =
      new SettingKey<>(ShapeDriftSettings.WARN_FACTOR_KEY, n -> DecimalText.parse(n, "2.0"));
  static final SettingKey<Double> NULL_RATIO_JUMP =
      new SettingKey<>(ShapeDriftSettings.NULL_RATIO_JUMP_KEY, n -> DecimalText.parse(n, "0.2"));

  static final List<SettingKey<?>> KEYS = List.of(WARN_FACTOR, NULL_RATIO_JUMP);

  ShapeDriftKeys {
    Setting.requireAll(warnFactor, nullRatioJump);
  }

  static ShapeDriftKeys resolve(SettingLevels levels) {
    ShapeDriftSettings defaults = ShapeDriftSettings.DEFAULT;
    return new ShapeDriftKeys(
        levels.get(WARN_FACTOR, defaults.warnFactor()),
        levels.get(NULL_RATIO_JUMP, defaults.nullRatioJump()));
  }

  /** The kernel record, which checks the ranges. */
  ShapeDriftSettings toShapeDriftSettings() {
    return new ShapeDriftSettings(warnFactor.value(), nullRatioJump.value());
  }

  List<Setting<?>> all() {
    return List.of(warnFactor, nullRatioJump);
  }
}
