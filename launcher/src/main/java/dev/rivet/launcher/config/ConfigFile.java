package dev.rivet.launcher.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.text.StringSubstitutor;
import org.yaml.snakeyaml.error.Mark;

/**
 * The config file being read: how messages name it, the directory relative paths resolve against,
 * and the environment {@code ${VAR}} references expand from.
 */
final class ConfigFile {
  private final String label;
  private final Path directory;
  private final Map<String, String> env;
  private final Map<String, String> params;
  private final Set<String> usedParams = new HashSet<>();

  ConfigFile(Path file, Map<String, String> env) {
    this(file, env, Map.of());
  }

  /**
   * @param params {@code --param} values, which {@code ${name}} takes before the environment
   */
  ConfigFile(Path file, Map<String, String> env, Map<String, String> params) {
    this.label = file.toString();
    this.directory = file.toAbsolutePath().normalize().getParent();
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.params = Map.copyOf(Objects.requireNonNull(params, "params"));
  }

  /** The {@code --param} names no {@code ${name}} has taken so far, sorted. */
  List<String> unusedParams() {
    return params.keySet().stream().filter(n -> !usedParams.contains(n)).sorted().toList();
  }

  String label() {
    return label;
  }

  Map<String, String> env() {
    return env;
  }

  /**
   * An absolute path: {@code path} itself when absolute, else resolved against the file's
   * directory.
   */
  Path resolve(String path) {
    return directory.resolve(path).normalize();
  }

  Path directory() {
    return directory;
  }

  /** {@code file:line:column: key.path: problem}; position and path are left out when unknown. */
  ConfigException error(Mark mark, String keyPath, String problem, String hint) {
    StringBuilder message = new StringBuilder(label);
    if (mark != null) {
      message.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
    }
    message.append(": ");
    if (!keyPath.isEmpty()) {
      message.append(keyPath).append(": ");
    }
    return new ConfigException(message.append(problem).toString(), hint);
  }

  /**
   * Expands {@code ${VAR}} and {@code ${VAR:-default}} from the {@code --param} values, then the
   * environment; {@code $${VAR}} stays literal. Values are not expanded again, so a password
   * containing {@code ${} is taken as is.
   */
  String expand(String text, Mark mark, String keyPath) {
    if (!text.contains("${")) {
      return text;
    }
    List<String> undefined = new ArrayList<>();
    StringSubstitutor substitutor =
        new StringSubstitutor(
            reference -> {
              int split = reference.indexOf(":-");
              String name = split < 0 ? reference : reference.substring(0, split);
              String value = params.get(name);
              if (value != null) {
                usedParams.add(name);
                return value;
              }
              value = env.get(name);
              if (value != null) {
                return value;
              }
              if (split >= 0) {
                return reference.substring(split + 2);
              }
              undefined.add(name);
              return null;
            });
    // The lookup parses ":-" itself so that it knows which references have no default.
    substitutor.setValueDelimiterMatcher(null);
    substitutor.setDisableSubstitutionInValues(true);
    String expanded = substitutor.replace(text);
    if (!undefined.isEmpty()) {
      String name = undefined.get(0);
      throw error(
          mark,
          keyPath,
          "'"
              + name
              + "' is not a --param, environment variable '"
              + name
              + "' is not set, and ${"
              + name
              + "} has no default",
          "pass --param "
              + name
              + "=VALUE, set "
              + name
              + " in the environment, write ${"
              + name
              + ":-default} to give a default, or $${"
              + name
              + "} for a literal '${'");
    }
    return expanded;
  }
}
