package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.MetaColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code meta_columns}: a mapping of {@code exported_at} and {@code run_id} to true or false,
 * and {@code row_hash} to true, false or the list of source columns to hash. Whether the listed
 * columns exist is checked at plan time, when the source's columns are known.
 */
final class MetaColumnsText {
  static final List<String> KEYS = ConfigKeys.META_COLUMNS.names();

  private MetaColumnsText() {}

  static MetaColumns parse(ConfigNode node) {
    ConfigMapping mapping = node.mapping(KEYS);
    boolean exportedAt = flag(mapping.get("exported_at"));
    boolean runId = flag(mapping.get("run_id"));
    ConfigNode hashNode = mapping.get("row_hash");
    boolean rowHash;
    List<String> hashColumns = List.of();
    if (hashNode.isSet() && hashNode.isList()) {
      hashColumns = columns(hashNode);
      rowHash = true;
    } else {
      rowHash = flag(hashNode);
    }
    return new MetaColumns(exportedAt, runId, rowHash, hashColumns);
  }

  private static boolean flag(ConfigNode node) {
    if (!node.isSet()) {
      return false;
    }
    switch (node.text().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
        return true;
      case "false":
      case "no":
        return false;
      default:
        throw node.error(
            "'" + node.text() + "' is not true or false",
            node.path().endsWith("row_hash")
                ? "write true (hash every column), false, or a list of columns, e.g. [id, total]"
                : "write true or false");
    }
  }

  private static List<String> columns(ConfigNode node) {
    List<ConfigNode> items = node.list();
    if (items.isEmpty()) {
      throw node.error(
          "the list of columns to hash is empty",
          "list at least one column, or write true to hash every column");
    }
    List<String> columns = new ArrayList<>(items.size());
    for (ConfigNode item : items) {
      String column = item.text();
      if (columns.contains(column)) {
        throw item.error("lists column '" + column + "' twice", "list each column once");
      }
      columns.add(column);
    }
    return columns;
  }
}
