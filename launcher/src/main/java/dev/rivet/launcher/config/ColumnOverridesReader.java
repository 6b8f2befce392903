package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an export's {@code columns:} (a mapping of column names to output types) and {@code
 * allow_lossy}. The syntax of each type is checked here; whether the column exists and the cast
 * suits its source type is checked when the export is planned, when the source's columns are known.
 */
final class ColumnOverridesReader {
  private ColumnOverridesReader() {}

  static ColumnOverrides read(ConfigMapping export) {
    ConfigNode columns = export.get("columns");
    ConfigNode lossy = export.get("allow_lossy");
    boolean allowLossy = lossy.isSet() && flag(lossy);
    if (!columns.isSet()) {
      return allowLossy
          ? new ColumnOverrides(List.of(), true, where(export.node(), "columns"))
          : ColumnOverrides.NONE;
    }
    List<ColumnOverride> overrides = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> entry : columns.namedEntries().entrySet()) {
      ConfigNode value = entry.getValue();
      try {
        overrides.add(ColumnOverride.parse(entry.getKey(), value.text()));
      } catch (IllegalArgumentException e) {
        throw value.error(
            e.getMessage(),
            "write one of the output types for column '"
                + entry.getKey()
                + "', e.g. text, int64 or decimal(12,2)");
      }
    }
    return new ColumnOverrides(overrides, allowLossy, where(columns, null));
  }

  /** {@code file: exports[i].columns}, how plan-time errors name the overrides. */
  private static String where(ConfigNode node, String child) {
    String path = child == null ? node.path() : node.path() + "." + child;
    return node.file().label() + ": " + path;
  }

  private static boolean flag(ConfigNode node) {
    switch (node.text().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
        return true;
      case "false":
      case "no":
        return false;
      default:
        throw node.error("'" + node.text() + "' is not true or false", "write true or false");
    }
  }
}
