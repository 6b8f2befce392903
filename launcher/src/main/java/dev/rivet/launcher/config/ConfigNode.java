package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.SettingRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One value of the config tree with its key path and source position; every typed read either
 * returns a valid value or throws a {@link ConfigException} pointing at this value.
 */
final class ConfigNode {
  private final ConfigFile file;
  private final String path;
  private final Node node;
  private final Mark mark;
  private String expanded;

  private ConfigNode(ConfigFile file, String path, Node node, Mark mark) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.mark = mark;
  }

  static ConfigNode root(ConfigFile file, Node node) {
    return new ConfigNode(file, "", node, node.getStartMark());
  }

  /** A key that is not in the file; errors about it point at the enclosing mapping. */
  ConfigNode absentChild(String key) {
    return new ConfigNode(file, childPath(key), null, mark);
  }

  String path() {
    return path;
  }

  ConfigFile file() {
    return file;
  }

  /**
   * Present and, for a scalar, not empty after {@code ${VAR}} expansion. The word {@code null} is a
   * value, not "unset", so that {@code on_infinity: null} means what it says.
   */
  boolean isSet() {
    return node != null && (!(node instanceof ScalarNode) || !expandedText().isEmpty());
  }

  ConfigException error(String problem, String hint) {
    return file.error(mark, path, problem, hint);
  }

  /** The scalar's text after {@code ${VAR}} expansion; an error when missing or not a scalar. */
  String text() {
    requireSet();
    if (!(node instanceof ScalarNode)) {
      throw error(
          "expected a single value, got " + describe(),
          "write " + lastKey() + ": <value> on one line, or quote the value");
    }
    return expandedText();
  }

  /** A whole number from {@code min} to {@code max}; {@code _} separators are allowed. */
  long integer(long min, long max) {
    return integer(new SettingRange(path, min, max));
  }

  /**
   * A whole number within {@code range} (the rule of the record it goes into); an error naming the
   * value as written and the full range otherwise.
   */
  long integer(SettingRange range) {
    String text = text();
    String digits = text.replace("_", "");
    if (!digits.matches("[-+]?[0-9]+")) {
      throw error(
          "'" + text + "' is not an integer (expected a whole number " + range.describe() + ")",
          "write a plain number, e.g. "
              + lastKey()
              + ": "
              + Math.min(range.max(), Math.max(range.min(), 4)));
    }
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException tooManyDigits) {
      throw outOfRange(text, range);
    }
    if (!range.contains(value)) {
      throw outOfRange(text, range);
    }
    return value;
  }

  private ConfigException outOfRange(String text, SettingRange range) {
    InvalidSettingException e = range.outOfRange(text);
    return error(e.getMessage(), e.hint());
  }

  /** One of {@code values}, matched case-insensitively on its wire name. */
  <E> E choice(E[] values, Function<E, String> wireName) {
    String text = text();
    List<String> names = new ArrayList<>();
    for (E value : values) {
      String name = wireName.apply(value);
      if (name.equalsIgnoreCase(text.strip())) {
        return value;
      }
      names.add(name);
    }
    String valid = String.join(", ", names);
    throw error(
        "'"
            + text
            + "' is not a valid value"
            + DidYouMean.suffix(text, names)
            + " (valid: "
            + valid
            + ")",
        "set " + path + " to one of: " + valid);
  }

  /** A size of at least {@code min} bytes, with no maximum; see {@link ByteSize}. */
  long byteSize(long min) {
    long bytes = parseBytes();
    if (bytes < min) {
      throw error(
          "'" + text() + "' is " + bytes + " bytes, below the minimum of " + min + " bytes",
          "use at least " + ByteSize.describe(min));
    }
    return bytes;
  }

  /** A size from {@code min} to {@code max} bytes; {@code why} says what bounds it. */
  long byteSize(long min, long max, String why) {
    long bytes = parseBytes();
    if (bytes < min || bytes > max) {
      String range = ByteSize.describe(min) + " to " + ByteSize.describe(max);
      throw error(
          "'"
              + text()
              + "' is "
              + bytes
              + " bytes, out of range (expected "
              + range
              + "; "
              + why
              + ")",
          "use a size from " + range + ", e.g. 16MiB");
    }
    return bytes;
  }

  private long parseBytes() {
    try {
      return ByteSize.parse(text());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), "write a size such as 64MiB, 128MB or 67108864 (bytes)");
    }
  }

  /** A duration of at most {@code maxMillis}, in milliseconds; see {@link DurationText}. */
  long durationMillis(long maxMillis) {
    String text = text();
    long millis;
    try {
      millis = DurationText.parseMillis(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), "write a duration such as 500ms, 2s or 1m");
    }
    if (millis > maxMillis) {
      throw error(
          "'" + text + "' is out of range (expected 0 to " + DurationText.describe(maxMillis) + ")",
          "use at most " + DurationText.describe(maxMillis));
    }
    return millis;
  }

  /**
   * The absolute path this value names (relative paths start at the config file's directory); an
   * error when the text is not a path on this system, e.g. when it holds a NUL character.
   */
  Path filePath() {
    String text = text();
    try {
      return file.resolve(text);
    } catch (InvalidPathException e) {
      throw error(
          "'" + text + "' is not a valid file path (" + e.getReason() + ")",
          "write a path of this system, e.g. " + lastKey() + ": ./relative/to/the/config");
    }
  }

  /**
   * The content of the file this value names, with {@code ${name}} expanded as in values (for query
   * files; never for password files).
   */
  String expandedFileContent() {
    return file.expand(fileContent(), mark, path + " (" + filePath() + ")");
  }

  /**
   * The UTF-8 text of the file this value names (relative paths start at the config file's
   * directory); an error naming the file when it is missing or unreadable.
   */
  String fileContent() {
    Path path = filePath();
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw error(
          "file " + path + " does not exist",
          "create it or fix the path (relative paths start at the config file's directory)");
    } catch (AccessDeniedException e) {
      throw error(
          "file " + path + " is not readable (permission denied)",
          "make it readable by the user running rivet");
    } catch (IOException e) {
      throw error(
          "file " + path + " cannot be read: " + e.getMessage(),
          "check that it is a readable UTF-8 text file");
    }
  }

  boolean isMapping() {
    return node instanceof MappingNode;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  /** This value as a list; an error when missing or not a list. */
  List<ConfigNode> list() {
    requireSet();
    if (!(node instanceof SequenceNode)) {
      throw error(
          "expected a list, got " + describe(),
          "write each item on its own line starting with '- '");
    }
    List<Node> items = ((SequenceNode) node).getValue();
    List<ConfigNode> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      result.add(new ConfigNode(file, path + "[" + i + "]", item, item.getStartMark()));
    }
    return result;
  }

  /**
   * This value as a mapping whose keys are all in {@code validKeys}; an unknown or repeated key is
   * an error pointing at that key, with a did-you-mean suggestion.
   */
  ConfigMapping mapping(List<String> validKeys) {
    return new ConfigMapping(this, entries(validKeys));
  }

  /**
   * This value as a mapping whose keys the config chooses (e.g. column names), in file order; a
   * repeated key is an error pointing at it.
   */
  Map<String, ConfigNode> namedEntries() {
    return entries(null);
  }

  /** The entries of this mapping; every key must be in {@code validKeys} unless it is null. */
  private Map<String, ConfigNode> entries(List<String> validKeys) {
    requireSet();
    if (!(node instanceof MappingNode)) {
      throw error(
          (validKeys == null
                  ? "expected a mapping of names to values"
                  : "expected a mapping with keys " + String.join(", ", validKeys))
              + ", got "
              + describe(),
          "write one 'key: value' per line, indented under "
              + (path.isEmpty() ? "the top level" : path));
    }
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    Map<String, Mark> firstSeen = new HashMap<>();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      Node keyNode = tuple.getKeyNode();
      Mark keyMark = keyNode.getStartMark();
      if (!(keyNode instanceof ScalarNode)) {
        throw file.error(
            keyMark,
            path,
            "a key must be a plain word",
            validKeys == null
                ? "write one 'name: value' per line"
                : "valid keys: " + String.join(", ", validKeys));
      }
      String key = ((ScalarNode) keyNode).getValue();
      String keyPath = childPath(key);
      if (validKeys != null && !validKeys.contains(key)) {
        throw file.error(
            keyMark,
            keyPath,
            "unknown key"
                + DidYouMean.suffix(key, validKeys)
                + " (valid keys: "
                + String.join(", ", validKeys)
                + ")",
            "fix the spelling or remove the key; docs/configuration.md lists every key");
      }
      if (firstSeen.containsKey(key)) {
        throw file.error(
            keyMark,
            keyPath,
            "duplicate key (first set on line " + (firstSeen.get(key).getLine() + 1) + ")",
            "keep one of the two");
      }
      firstSeen.put(key, keyMark);
      Node value = tuple.getValueNode();
      entries.put(key, new ConfigNode(file, keyPath, value, value.getStartMark()));
    }
    return entries;
  }

  private void requireSet() {
    if (!isSet()) {
      throw error(
          node == null ? "required key is missing" : "required value is empty",
          "add "
              + lastKey()
              + ": <value>"
              + (path.contains(".") ? " under " + path.substring(0, path.lastIndexOf('.')) : ""));
    }
  }

  private String expandedText() {
    if (expanded == null) {
      expanded = file.expand(((ScalarNode) node).getValue(), mark, path).strip();
    }
    return expanded;
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + SourceUrl.redact(((ScalarNode) node).getValue()) + "'";
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String lastKey() {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
