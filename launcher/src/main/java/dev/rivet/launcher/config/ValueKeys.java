package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import java.util.List;

/**
 * {@code on_infinity}, {@code on_zero_date}, {@code on_array_lower_bound} and {@code
 * on_schema_drift}.
 */
record ValueKeys(
    Setting<InfinityPolicy> onInfinity,
    Setting<ZeroDatePolicy> onZeroDate,
    Setting<ArrayBoundPolicy> onArrayLowerBound,
    Setting<SchemaDriftPolicy> onSchemaDrift) {

  static final SettingKey<InfinityPolicy> ON_INFINITY =
      new SettingKey<>(
          "on_infinity", n -> n.choice(InfinityPolicy.values(), InfinityPolicy::wireValue));
  static final SettingKey<ZeroDatePolicy> ON_ZERO_DATE =
      new SettingKey<>(
          "on_zero_date", n -> n.choice(ZeroDatePolicy.values(), ZeroDatePolicy::wireValue));
  static final SettingKey<ArrayBoundPolicy> ON_ARRAY_LOWER_BOUND =
      new SettingKey<>(
          "on_array_lower_bound",
          n -> n.choice(ArrayBoundPolicy.values(), ArrayBoundPolicy::wireValue));
  static final SettingKey<SchemaDriftPolicy> ON_SCHEMA_DRIFT =
      new SettingKey<>(
          "on_schema_drift",
          n -> n.choice(SchemaDriftPolicy.values(), SchemaDriftPolicy::wireValue));

  static final List<SettingKey<?>> KEYS =
      List.of(ON_INFINITY, ON_ZERO_DATE, ON_ARRAY_LOWER_BOUND, ON_SCHEMA_DRIFT);

  ValueKeys {
    Setting.requireAll(onInfinity, onZeroDate, onArrayLowerBound, onSchemaDrift);
  }

  static ValueKeys resolve(SettingLevels levels) {
    return new ValueKeys(
        levels.get(ON_INFINITY, InfinityPolicy.DEFAULT),
        levels.get(ON_ZERO_DATE, ZeroDatePolicy.DEFAULT),
        levels.get(ON_ARRAY_LOWER_BOUND, ArrayBoundPolicy.DEFAULT),
        levels.get(ON_SCHEMA_DRIFT, SchemaDriftPolicy.DEFAULT));
  }

  List<Setting<?>> all() {
    return List.of(onInfinity, onZeroDate, onArrayLowerBound, onSchemaDrift);
  }
}
