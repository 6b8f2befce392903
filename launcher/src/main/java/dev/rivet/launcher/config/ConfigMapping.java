package dev.rivet.launcher.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A mapping whose keys have been checked against the valid set; absent keys read as unset. */
final class ConfigMapping {
  private final ConfigNode self;
  private final Map<String, ConfigNode> entries;

  ConfigMapping(ConfigNode self, Map<String, ConfigNode> entries) {
    this.self = self;
    this.entries = Map.copyOf(entries);
  }

  ConfigNode node() {
    return self;
  }

  /** The value under {@code key}; when absent, a node whose errors point at this mapping. */
  ConfigNode get(String key) {
    ConfigNode child = entries.get(key);
    return child != null ? child : self.absentChild(key);
  }

  boolean has(String key) {
    return get(key).isSet();
  }

  /**
   * The one key of {@code keys} that is set; an error when two are set, or (when {@code required})
   * when none is.
   */
  Optional<String> oneOf(boolean required, String... keys) {
    List<String> set = new ArrayList<>();
    for (String key : keys) {
      if (has(key)) {
        set.add(key);
      }
    }
    String choices = String.join(", ", Arrays.asList(keys));
    if (set.size() > 1) {
      throw get(set.get(1))
          .error(
              "cannot be combined with "
                  + get(set.get(0)).path()
                  + " (mutually exclusive: "
                  + choices
                  + ")",
              "keep either " + set.get(0) + " or " + set.get(1) + " and remove the other");
    }
    if (set.isEmpty() && required) {
      throw self.error(
          "needs one of " + choices, "add exactly one of " + choices + " under " + self.path());
    }
    return set.stream().findFirst();
  }
}
