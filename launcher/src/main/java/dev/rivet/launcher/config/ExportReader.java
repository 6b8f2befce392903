package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code defaults} and {@code exports} into validated {@link ExportSpec}s. */
final class ExportReader {
  static final List<String> EXPORT_KEYS = ConfigKeys.EXPORT.names();

  private ExportReader() {}

  /**
   * @param source the database read, whose default chunk size the tuning profile scales
   */
  static List<ExportSpec> read(ConfigNode exports, ConfigNode defaultsNode, SourceKind source) {
    ConfigMapping defaults = ExportSettings.readDefaults(defaultsNode);
    QualityReader.checkDefaults(defaults);
    if (!exports.isSet()) {
      throw exports.error(
          "no exports are defined",
          "add an exports list, e.g. exports: [{name: orders, table: public.orders}]");
    }
    List<ConfigNode> items = exports.list();
    if (items.isEmpty()) {
      throw exports.error("the list is empty", "add at least one export with a name and a table");
    }
    List<ExportSpec> specs = new ArrayList<>(items.size());
    Map<String, ConfigNode> names = new HashMap<>();
    for (ConfigNode item : items) {
      ExportSpec spec = readOne(item, defaults, source);
      ConfigNode first = names.putIfAbsent(spec.name().toLowerCase(Locale.ROOT), item);
      if (first != null) {
        throw item.mapping(EXPORT_KEYS)
            .get("name")
            .error(
                "'"
                    + spec.name()
                    + "' is already the name of "
                    + first.path()
                    + " (names must be unique, ignoring case)",
                "rename one of the two exports");
      }
      specs.add(spec);
    }
    return specs;
  }

  private static ExportSpec readOne(ConfigNode item, ConfigMapping defaults, SourceKind source) {
    ConfigMapping export = item.mapping(EXPORT_KEYS);
    String name = export.get("name").text();
    Relation relation = relation(export);
    ExportSettings settings = ExportSettings.resolve(export, defaults, source);
    settings.requireReadable(name, source);
    try {
      return settings
          .toSpec(name, relation, ModeReader.read(export))
          .withQuality(QualityReader.read(export, defaults))
          .withColumnOverrides(ColumnOverridesReader.read(export));
    } catch (InvalidSettingException e) {
      // The value that broke the rule: a setting (written or inherited), else e.g. the name.
      throw settings
          .find(e.key())
          .map(setting -> setting.error(e.getMessage(), e.hint()))
          .orElseGet(() -> export.get(e.key()).error(e.getMessage(), e.hint()));
    } catch (IllegalArgumentException e) {
      // Each key was checked above; this only fires if the planner adds a rule we do not know.
      throw item.error(e.getMessage(), "fix the export as the message says");
    }
  }

  private static Relation relation(ConfigMapping export) {
    String key = export.oneOf(true, "from", "table", "query", "query_file").orElseThrow();
    ConfigNode node = export.get(key);
    try {
      switch (key) {
        case "from":
          return RelationText.detect(node);
        case "table":
          if (RelationText.looksLikeQuery(node.text())) {
            throw node.error(
                "'" + abbreviate(node.text()) + "' is a query, not a table name",
                "write it under query: (or from:, which tells tables and queries apart)");
          }
          return TableRef.parse(node.text());
        case "query":
          return new QueryText(node.text());
        default:
          return new QueryText(node.expandedFileContent());
      }
    } catch (IllegalArgumentException e) {
      throw node.error(
          e.getMessage() + " in '" + node.text() + "'",
          "write schema.table, a table name, or a SELECT");
    }
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 40 ? line : line.substring(0, 37) + "...";
  }
}
