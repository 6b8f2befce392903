package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an export's {@code quality} and {@code on_quality_failure} (each inherited whole from
 * {@code defaults} when the export does not set it) into a {@link QualityContract}; null when
 * neither level sets {@code quality}.
 */
final class QualityReader {
  /** The export (and defaults) keys this reader owns. */
  static final List<String> KEYS = ConfigKeys.QUALITY_SETTINGS.names();

  /** The keys of {@code quality}. */
  static final List<String> QUALITY_KEYS = ConfigKeys.QUALITY.names();

  private QualityReader() {}

  /** The contract of {@code export}, or null for none. */
  static QualityContract read(ConfigMapping export, ConfigMapping defaults) {
    ConfigNode quality = pick(export, defaults, "quality");
    ConfigNode onFailure = pick(export, defaults, "on_quality_failure");
    OnQualityFailure policy =
        onFailure.isSet()
            ? onFailure.choice(OnQualityFailure.values(), OnQualityFailure::wireValue)
            : OnQualityFailure.DEFAULT;
    if (!quality.isSet()) {
      if (export.has("on_quality_failure")) {
        throw export
            .get("on_quality_failure")
            .error(
                "has no effect: the export has no quality contract",
                "add quality: (see docs/quality.md), or remove on_quality_failure");
      }
      return null;
    }
    ConfigMapping checks = quality.mapping(QUALITY_KEYS);
    return new QualityContract(
        count(checks.get("row_count_min")),
        count(checks.get("row_count_max")),
        checks.has("row_count_change_max")
            ? ratio(checks.get("row_count_change_max"), false)
            : null,
        nullRatios(checks.get("null_ratio_max")),
        uniqueColumns(checks.get("unique_columns")),
        acceptedValues(checks.get("accepted_values")),
        policy);
  }

  /** Checks the {@code defaults} level once, so that a bad value is an error even if unused. */
  static void checkDefaults(ConfigMapping defaults) {
    ConfigNode quality = defaults.get("quality");
    if (quality.isSet()) {
      try {
        read(new ConfigMapping(defaults.node(), Map.of()), defaults);
      } catch (InvalidSettingException e) {
        throw quality.error(e.getMessage(), e.hint());
      }
    }
  }

  private static ConfigNode pick(ConfigMapping export, ConfigMapping defaults, String key) {
    return export.has(key) ? export.get(key) : defaults.get(key);
  }

  private static Long count(ConfigNode node) {
    return node.isSet() ? node.integer(0, Long.MAX_VALUE) : null;
  }

  /**
   * A percentage ({@code 50%}) or a fraction ({@code 0.5}); at most 1 (100%) when {@code
   * atMostOne}.
   */
  private static double ratio(ConfigNode node, boolean atMostOne) {
    String text = node.text();
    String number = text.endsWith("%") ? text.substring(0, text.length() - 1).strip() : text;
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (text.endsWith("%")) {
      value /= 100;
    }
    String range = atMostOne ? "0% to 100% (or 0 to 1)" : "0% or more (or a fraction from 0)";
    if (!(value >= 0) || (atMostOne && value > 1) || Double.isInfinite(value)) {
      throw node.error(
          "'" + text + "' is not a ratio from " + range,
          "write a percentage such as 5% or a fraction such as 0.05");
    }
    return value;
  }

  private static Map<String, Double> nullRatios(ConfigNode node) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (node.isSet()) {
      node.namedEntries().forEach((column, value) -> ratios.put(column, ratio(value, true)));
    }
    return ratios;
  }

  /** {@code [id]}, {@code [[a, b]]} or a mix: each item is a column or a list of columns. */
  private static List<List<String>> uniqueColumns(ConfigNode node) {
    List<List<String>> sets = new ArrayList<>();
    if (!node.isSet()) {
      return sets;
    }
    List<ConfigNode> items = node.list();
    if (items.isEmpty()) {
      throw node.error("the list is empty", "list the key columns, e.g. unique_columns: [id]");
    }
    for (ConfigNode item : items) {
      if (item.isList()) {
        List<String> set = new ArrayList<>();
        for (ConfigNode column : item.list()) {
          String name = column.text();
          if (set.contains(name)) {
            throw column.error(
                "column '" + name + "' is named twice in one key", "name each column once");
          }
          set.add(name);
        }
        if (set.isEmpty()) {
          throw item.error("the key names no column", "write e.g. [customer_id, order_no]");
        }
        sets.add(set);
      } else {
        sets.add(List.of(item.text()));
      }
    }
    return sets;
  }

  private static Map<String, List<String>> acceptedValues(ConfigNode node) {
    Map<String, List<String>> accepted = new LinkedHashMap<>();
    if (!node.isSet()) {
      return accepted;
    }
    node.namedEntries()
        .forEach(
            (column, values) -> {
              List<String> texts = new ArrayList<>();
              for (ConfigNode value : values.list()) {
                texts.add(value.text());
              }
              if (texts.isEmpty()) {
                throw values.error(
                    "the list of accepted values is empty",
                    "list at least one value, e.g. [new, paid]");
              }
              accepted.put(column, texts);
            });
    return accepted;
  }
}
