package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.TuningProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The keys of {@code tuning}: the profile, the pause, the read protocol and the governor's. */
record TuningKeys(
    Setting<TuningProfile> profile,
    Setting<Long> pauseMillis,
    Setting<ReadProtocol> readProtocol,
    GovernorKeys governor) {

  static final SettingKey<TuningProfile> PROFILE =
      new SettingKey<>(
          "tuning.profile", n -> n.choice(TuningProfile.values(), TuningProfile::wireValue));
  static final SettingKey<Long> PAUSE =
      new SettingKey<>("tuning.pause_between_chunks", SettingKey::millis);
  static final SettingKey<ReadProtocol> READ_PROTOCOL =
      new SettingKey<>(
          "tuning.read_protocol", n -> n.choice(ReadProtocol.values(), ReadProtocol::wireValue));

  /** The keys of {@code tuning}, the governor's last. */
  static final List<SettingKey<?>> KEYS = keys();

  TuningKeys {
    Setting.requireAll(profile, pauseMillis, readProtocol);
    Objects.requireNonNull(governor, "governor");
  }

  static Setting<TuningProfile> profile(SettingLevels levels) {
    return levels.get(PROFILE, TuningProfile.DEFAULT);
  }

  /** A profile fills in only what neither the export nor {@code defaults} sets. */
  static Setting.Level fromProfile(Setting<TuningProfile> profile) {
    return profile.level() == Setting.Level.BUILT_IN
        ? Setting.Level.BUILT_IN
        : Setting.Level.PROFILE;
  }

  static TuningKeys resolve(SettingLevels levels, Setting<TuningProfile> profile) {
    TuningProfile p = profile.value();
    Setting.Level fromProfile = fromProfile(profile);
    return new TuningKeys(
        profile,
        levels.get(PAUSE, p.pauseMillis(), fromProfile),
        levels.get(READ_PROTOCOL, ReadProtocol.DEFAULT),
        GovernorKeys.resolve(levels, p, fromProfile));
  }

  List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(List.of(profile, pauseMillis, readProtocol));
    all.addAll(governor.all());
    return all;
  }

  private static List<SettingKey<?>> keys() {
    List<SettingKey<?>> keys = new ArrayList<>(List.of(PROFILE, PAUSE, READ_PROTOCOL));
    keys.addAll(GovernorKeys.KEYS);
    return List.copyOf(keys);
  }
}
