package dev.rivet.launcher.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.plan.OverrideTarget;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of {@code rivet.yaml}, rendered from the key definitions the
 * loader validates against ({@link ConfigKeys}): every section closed to other keys, closed sets as
 * enums, a description on each key. A value may always be a {@code ${VAR}} reference, expanded when
 * the file is loaded.
 */
public final class ConfigSchema {
  /** Where the schema says it lives; editors only use it as a name. */
  static final String ID = "https://rivet.dev/schema/rivet.yaml.json";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** {@code ${VAR}} anywhere in a value: only known once the file is loaded. */
  private static final String VARIABLE = "\\$\\{[^}]+\\}";

  private ConfigSchema() {}

  /** The schema, as pretty-printed JSON. */
  public static String render() {
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the config schema cannot be rendered", e);
    }
  }

  static ObjectNode schema() {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", ID);
    schema.put("title", "Rivet configuration (rivet.yaml)");
    schema.put(
        "description",
        "Exports of PostgreSQL/MariaDB/MySQL tables to Parquet or CSV files; see"
            + " docs/configuration.md.");
    schema.setAll(section(ConfigKeys.ROOT));
    return schema;
  }

  private static ObjectNode section(ConfigSection section) {
    ObjectNode node = JSON.objectNode();
    node.put("type", "object");
    ObjectNode properties = node.putObject("properties");
    for (ConfigKey key : section.keys()) {
      ObjectNode value = value(key);
      value.put("description", key.about());
      properties.set(key.name(), value);
    }
    if (!section.required().isEmpty()) {
      ArrayNode required = node.putArray("required");
      section.required().forEach(required::add);
    }
    node.put("additionalProperties", false);
    return node;
  }

  private static ObjectNode value(ConfigKey key) {
    switch (key.kind()) {
      case TEXT:
        return scalarOf("string", "number", "boolean");
      case INTEGER:
        return anyOf(type("integer"), pattern("^\\s*[-+]?[0-9][0-9_]*\\s*$|" + VARIABLE));
      case INTEGER_OR_AUTO:
        return anyOf(
            type("integer"),
            pattern("^\\s*[-+]?[0-9][0-9_]*\\s*$|^\\s*[Aa][Uu][Tt][Oo]\\s*$|" + VARIABLE));
      case DECIMAL:
        return decimal();
      case BYTES:
        return anyOf(
            type("integer"),
            pattern("^\\s*[0-9][0-9_]*(\\.[0-9]+)?\\s*[A-Za-z]*\\s*$|" + VARIABLE));
      case DURATION:
        return anyOf(type("integer"), type("string"));
      case BOOLEAN:
        return bool();
      case CHOICE:
        return choice(key.choices());
      case CHOICES:
        return anyOf(choice(key.choices()), arrayOf(choice(key.choices())));
      case TEXT_OR_LIST:
        return anyOf(scalarOf("string", "number"), arrayOf(scalarOf("string", "number")));
      case KEY_LIST:
        return arrayOf(anyOf(type("string"), arrayOf(type("string"))));
      case BOOLEAN_OR_LIST:
        return anyOf(bool(), arrayOf(type("string")));
      case RATIO:
        return ratio();
      case RATIO_MAP:
        return mapOf(ratio());
      case TYPE_MAP:
        return mapOf(outputType());
      case LIST_MAP:
        return mapOf(arrayOf(scalarOf("string", "number", "boolean")));
      case SECTION:
        return section(key.section());
      case SECTION_LIST:
        return arrayOf(section(key.section()));
      case TEXT_OR_SECTION:
        return anyOf(scalarOf("string"), section(key.section()));
      default:
        throw new IllegalStateException("no schema for " + key.kind());
    }
  }

  /** An override's output type: a name, or decimal(p,s), any case. */
  private static ObjectNode outputType() {
    List<String> names =
        Arrays.stream(OverrideTarget.values())
            .filter(t -> t != OverrideTarget.DECIMAL)
            .map(OverrideTarget::wireValue)
            .toList();
    return anyOf(
        choice(names),
        pattern("^\\s*[Dd][Ee][Cc][Ii][Mm][Aa][Ll]\\s*\\(\\s*[0-9]+\\s*,\\s*[0-9]+\\s*\\)\\s*$"));
  }

  private static ObjectNode decimal() {
    return anyOf(type("number"), pattern("^\\s*[-+]?[0-9][0-9_]*(\\.[0-9]+)?\\s*$|" + VARIABLE));
  }

  private static ObjectNode ratio() {
    return anyOf(type("number"), pattern("^\\s*[0-9]+(\\.[0-9]+)?\\s*%?\\s*$|" + VARIABLE));
  }

  private static ObjectNode bool() {
    ObjectNode words = JSON.objectNode();
    ArrayNode values = words.putArray("enum");
    List.of("true", "false", "yes", "no", "True", "False", "Yes", "No", "TRUE", "FALSE")
        .forEach(values::add);
    return anyOf(type("boolean"), words, pattern(VARIABLE));
  }

  /** One of {@code values}; the loader ignores case, editors complete the lower-case names. */
  private static ObjectNode choice(List<String> values) {
    ObjectNode named = JSON.objectNode();
    ArrayNode all = named.putArray("enum");
    values.forEach(all::add);
    if (values.contains("null")) {
      // YAML reads a bare null as no value; the loader takes the word.
      return anyOf(named, type("null"), pattern(VARIABLE));
    }
    return anyOf(named, pattern(VARIABLE));
  }

  private static ObjectNode type(String type) {
    ObjectNode node = JSON.objectNode();
    node.put("type", type);
    return node;
  }

  private static ObjectNode scalarOf(String... types) {
    ObjectNode node = JSON.objectNode();
    ArrayNode list = node.putArray("type");
    for (String type : types) {
      list.add(type);
    }
    return node;
  }

  private static ObjectNode pattern(String regex) {
    ObjectNode node = type("string");
    node.put("pattern", regex);
    return node;
  }

  private static ObjectNode arrayOf(JsonNode items) {
    ObjectNode node = type("array");
    node.set("items", items);
    return node;
  }

  private static ObjectNode mapOf(JsonNode values) {
    ObjectNode node = type("object");
    node.set("additionalProperties", values);
    return node;
  }

  private static ObjectNode anyOf(JsonNode... choices) {
    ObjectNode node = JSON.objectNode();
    ArrayNode list = node.putArray("anyOf");
    for (JsonNode choice : choices) {
      list.add(choice);
    }
    return node;
  }
}
