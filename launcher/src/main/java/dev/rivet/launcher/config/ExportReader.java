package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code defaults} and {@code exports} into validated {@link ExportSpec}s. */
final class ExportReader {
  private static final List<String> EXPORT_KEYS = exportKeys();

  private ExportReader() {}

  /**
   * @param source the database read, whose default chunk size the tuning profile scales
   */
  static List<ExportSpec> read(ConfigNode exports, ConfigNode defaultsNode, SourceKind source) {
    ExportSettings defaults =
        defaultsNode.isSet()
            ? ExportSettings.read(defaultsNode.mapping(ExportSettings.KEYS))
            : ExportSettings.NONE;
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
      ExportSpec spec = readOne(item, defaults, defaultsNode, source);
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

  private static ExportSpec readOne(
      ConfigNode item, ExportSettings defaults, ConfigNode defaultsNode, SourceKind source) {
    ConfigMapping export = item.mapping(EXPORT_KEYS);
    ConfigNode nameNode = export.get("name");
    String name = nameNode.text();
    Relation relation = relation(export);
    ExportSettings settings = ExportSettings.read(export).orElse(defaults);
    // A profile fills in only what neither the export nor defaults set.
    TuningProfile profile = settings.profile() != null ? settings.profile() : TuningProfile.DEFAULT;
    if (settings.destination() == null) {
      throw export
          .get("destination")
          .error(
              "required key is missing (set it here or in defaults.destination)",
              "add destination: ./out (a local directory, relative to the config file)");
    }
    try {
      return new ExportSpec(
          name,
          relation,
          settings.format() != null ? settings.format() : Format.DEFAULT,
          settings.compression() != null ? settings.compression() : Compression.DEFAULT,
          settings.destination(),
          settings.chunkRows() != null ? settings.chunkRows() : profile.chunkRows(source),
          settings.fetchSize() != null ? intValue(settings.fetchSize()) : profile.fetchSize(),
          settings.parallelism() != null ? intValue(settings.parallelism()) : profile.parallelism(),
          settings.rowGroupBytes() != null
              ? settings.rowGroupBytes()
              : ExportSpec.DEFAULT_ROW_GROUP_BYTES,
          settings.onInfinity() != null ? settings.onInfinity() : InfinityPolicy.DEFAULT,
          settings.onZeroDate() != null ? settings.onZeroDate() : ZeroDatePolicy.DEFAULT,
          ModeReader.read(export),
          new FileRotation(
              settings.maxFileBytes() != null ? settings.maxFileBytes() : 0,
              settings.maxRowsPerFile() != null ? settings.maxRowsPerFile() : 0),
          retry(settings),
          settings.pauseMillis() != null ? settings.pauseMillis() : profile.pauseMillis());
    } catch (InvalidSettingException e) {
      ConfigNode node = origin(e.key(), export, defaultsNode);
      throw node.error((node.isSet() ? "" : "the default ") + e.getMessage(), e.hint());
    } catch (IllegalArgumentException e) {
      // Each key was checked above; this only fires if the planner adds a rule we do not know.
      throw item.error(e.getMessage(), "fix the export as the message says");
    }
  }

  /** The export's retry settings, each unset one from {@code defaults} or else the built-in one. */
  private static RetrySettings retry(ExportSettings settings) {
    RetrySettings builtIn = RetrySettings.DEFAULT;
    return new RetrySettings(
        settings.retryAttempts() != null
            ? intValue(settings.retryAttempts())
            : builtIn.maxAttempts(),
        settings.retryBackoffMillis() != null
            ? settings.retryBackoffMillis()
            : builtIn.initialBackoffMillis(),
        settings.retryMaxBackoffMillis() != null
            ? settings.retryMaxBackoffMillis()
            : builtIn.maxBackoffMillis());
  }

  /**
   * The value that {@code key} (a path within an export such as {@code retries.backoff}) took: the
   * export's when it sets it, else the defaults', else the key as absent from the export.
   */
  private static ConfigNode origin(String key, ConfigMapping export, ConfigNode defaultsNode) {
    ConfigNode atExport = find(export, key);
    if (atExport.isSet() || !defaultsNode.isSet()) {
      return atExport;
    }
    ConfigNode atDefaults = find(defaultsNode.mapping(ExportSettings.KEYS), key);
    return atDefaults.isSet() ? atDefaults : atExport;
  }

  private static ConfigNode find(ConfigMapping mapping, String key) {
    int dot = key.indexOf('.');
    if (dot < 0) {
      return mapping.get(key);
    }
    ConfigNode group = mapping.get(key.substring(0, dot));
    String rest = key.substring(dot + 1);
    return group.isSet()
        ? group.mapping(ExportSettings.subKeys(key.substring(0, dot))).get(rest)
        : group.absentChild(rest);
  }

  /** An int for a record that checks its own range; values past int read as the nearest bound. */
  private static int intValue(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
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
          return new QueryText(node.fileContent());
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

  private static List<String> exportKeys() {
    List<String> keys = new ArrayList<>(List.of("name", "from", "table", "query", "query_file"));
    keys.addAll(ModeReader.KEYS);
    keys.addAll(ExportSettings.KEYS);
    return List.copyOf(keys);
  }
}
