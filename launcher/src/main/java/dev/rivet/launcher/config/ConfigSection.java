package dev.rivet.launcher.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A mapping of {@code rivet.yaml} whose keys are closed: the loader rejects any other key ({@link
 * ConfigNode#mapping}) and the JSON Schema ({@link ConfigSchema}) does too.
 */
record ConfigSection(String title, List<ConfigKey> keys, List<String> required) {
  ConfigSection {
    keys = List.copyOf(keys);
    required = List.copyOf(required);
    Set<String> names = new HashSet<>();
    for (ConfigKey key : keys) {
      if (!names.add(key.name())) {
        throw new IllegalArgumentException(title + ": key " + key.name() + " defined twice");
      }
    }
    if (!names.containsAll(required)) {
      throw new IllegalArgumentException(title + ": a required key is not defined");
    }
  }

  ConfigSection(String title, List<ConfigKey> keys) {
    this(title, keys, List.of());
  }

  /** The valid keys, in the order errors list them. */
  List<String> names() {
    return keys.stream().map(ConfigKey::name).toList();
  }

  /** This section's keys followed by {@code more}'s. */
  ConfigSection plus(String title, ConfigSection more) {
    List<ConfigKey> all = new ArrayList<>(keys);
    all.addAll(more.keys);
    List<String> req = new ArrayList<>(required);
    req.addAll(more.required);
    return new ConfigSection(title, all, req);
  }
}
