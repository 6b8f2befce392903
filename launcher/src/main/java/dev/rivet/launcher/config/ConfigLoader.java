package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.output.SecretMasking;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a {@code rivet.yaml} into a {@link RivetConfig}; every problem, from a missing file to a
 * misspelt key, is a {@link ConfigException} naming the file, position and key path. Reading has no
 * side effects: nothing is created or connected to.
 */
public final class ConfigLoader {
  static final List<String> ROOT_KEYS = ConfigKeys.ROOT.names();

  private ConfigLoader() {}

  /** Loads {@code file}, expanding {@code ${VAR}} from the process environment. */
  public static RivetConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads {@code file}, expanding {@code ${VAR}} and reading passwords from {@code env}. */
  public static RivetConfig load(Path file, Map<String, String> env) {
    return load(file, env, Map.of());
  }

  /**
   * Loads {@code file}, expanding {@code ${name}} from {@code params} (the {@code --param} values)
   * before {@code env}; a parameter that no {@code ${name}} uses is an error, since it is most
   * likely misspelt.
   */
  public static RivetConfig load(Path file, Map<String, String> env, Map<String, String> params) {
    ConfigFile config = new ConfigFile(file, env, params);
    ConfigMapping root = ConfigNode.root(config, parse(file, config)).mapping(ROOT_KEYS);
    SourceConnection source = SourceReader.read(root.get("source"));
    ConfigNode stateNode = root.get("state");
    String stateUrl = StateLocation.resolve(stateNode);
    RivetConfig loaded =
        new RivetConfig(
            file,
            source,
            stateUrl,
            ExportReader.read(root.get("exports"), root.get("defaults"), source.kind()),
            StorageReader.read(root.get("s3"), root.get("gcs")),
            NotificationsReader.read(root.get("notifications")),
            root.has("metrics_file") ? root.get("metrics_file").filePath() : null,
            StateLocation.reach(stateNode, stateUrl));
    List<String> unused = config.unusedParams();
    if (!unused.isEmpty()) {
      throw config.error(
          null,
          "",
          "--param "
              + String.join(", ", unused)
              + (unused.size() == 1 ? " is" : " are")
              + " not used: the file has no ${"
              + unused.get(0)
              + "}",
          "remove the --param or fix its name (names are case-sensitive)");
    }
    // From here on, nothing this process prints shows them.
    SecretMasking.remember(loaded.secrets());
    return loaded;
  }

  /**
   * Reads only the {@code source} section of {@code file} (other sections are not validated), for
   * commands that connect before a config with exports exists ({@code rivet init}).
   */
  public static SourceConnection loadSource(Path file, Map<String, String> env) {
    ConfigFile config = new ConfigFile(file, env);
    ConfigMapping root = ConfigNode.root(config, parse(file, config)).mapping(ROOT_KEYS);
    SourceConnection source = SourceReader.read(root.get("source"));
    List<String> secrets = new ArrayList<>(UrlPasswords.in(source.jdbcUrl()));
    if (source.password() != null && !source.password().isEmpty()) {
      secrets.add(source.password());
    }
    if (source.ssh() != null) {
      secrets.addAll(source.ssh().secrets());
    }
    SecretMasking.remember(secrets);
    return source;
  }

  /**
   * Whether a source URL, as {@code source.url} would hold it, carries a password ({@code
   * user:password@} or a {@code password=} parameter); false for a URL that does not parse (loading
   * it says why).
   */
  public static boolean urlHoldsPassword(String url) {
    try {
      SourceUrl parsed = SourceUrl.parse(url);
      return parsed.password() != null || !UrlPasswords.in(parsed.jdbcUrl()).isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Node parse(Path file, ConfigFile config) {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          "config file " + absolute + " is not UTF-8 text", "save the file as UTF-8", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          "config file " + absolute + " is not readable (permission denied)",
          "make it readable by the user running rivet");
    } catch (IOException e) {
      if (!Files.exists(absolute)) {
        throw new ConfigException(
            "config file not found: " + absolute,
            "check the path; examples/rivet.yaml in the Rivet repository is a minimal config");
      }
      throw new ConfigException(
          "config file "
              + absolute
              + " cannot be read"
              + (Files.isDirectory(absolute) ? ": it is a directory" : ": " + e.getMessage()),
          "pass the path of a YAML file");
    }
    Node node;
    try {
      node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      throw syntaxError(config, e);
    } catch (YAMLException e) {
      throw new ConfigException(
          config.label() + ": YAML syntax error: " + e.getMessage(), "fix the YAML syntax");
    }
    if (node == null || (node instanceof ScalarNode && ((ScalarNode) node).getValue().isBlank())) {
      throw new ConfigException(
          config.label() + ": the file is empty",
          "add at least source and exports; see docs/configuration.md");
    }
    return node;
  }

  private static ConfigException syntaxError(ConfigFile config, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? e.getProblem().strip() : "invalid YAML";
    String message = problem;
    if (e.getContext() != null) {
      // SnakeYAML splits one sentence in two: "while scanning a quoted scalar" + "found ...".
      message = e.getContext() + (problem.startsWith("but ") ? ", " : ": ") + problem;
      Mark start = e.getContextMark();
      if (start != null && mark != null && start.getLine() != mark.getLine()) {
        message += " (started at " + (start.getLine() + 1) + ":" + (start.getColumn() + 1) + ")";
      }
    }
    return config.error(
        mark,
        "",
        "YAML syntax error: " + message,
        "check indentation (spaces, not tabs) and quote values that contain ': ' or start with"
            + " '{', '[', '*', '&', '!', '%', '@' or '`'");
  }
}
