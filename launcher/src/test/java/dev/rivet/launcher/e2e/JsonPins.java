package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a command's {@code --output json} document and pins its field names: the exact set of an
 * object's fields, each named in the docs section that describes it.
 */
final class JsonPins {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonPins() {}

  /** The one JSON document on standard output, after checking the exit code. */
  static JsonNode json(Cli.Result result, int exitCode) {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
    try (MappingIterator<JsonNode> documents =
        MAPPER.readerFor(JsonNode.class).readValues(result.out())) {
      List<JsonNode> all = documents.readAll();
      assertThat(all).as("one document on standard output: " + result).hasSize(1);
      return all.get(0);
    } catch (java.io.IOException e) {
      throw new AssertionError("standard output is not JSON: " + result, e);
    }
  }

  /**
   * Asserts {@code node}'s field names are exactly {@code fields}, and that each is named (in
   * backticks) in the section of docs/json.md headed {@code ### `section`}; on a document, also
   * that its {@code command} names the shape and {@code schema_version} is 1.
   */
  static void pin(String section, JsonNode node, String... fields) {
    Set<String> names = names(section, node, fields);
    if (names.contains("command")
        && names.contains("schema_version")
        && !section.equals("errors")) {
      assertThat(node.path("command").asText()).isEqualTo(section);
    }
    if (names.contains("command")) {
      assertThat(node.path("schema_version").isInt()).isTrue();
      assertThat(node.path("schema_version").asInt()).isEqualTo(1);
    }
    DocSection.named("json.md", section).assertNames(fields);
  }

  /** Asserts {@code node}'s field names are exactly {@code fields}, each named in {@code doc}. */
  static void pin(DocSection doc, JsonNode node, String... fields) {
    names(doc.file() + " " + doc.heading(), node, fields);
    doc.assertNames(fields);
  }

  static Set<String> names(String what, JsonNode node, String... fields) {
    assertThat(node.isObject()).as(what + ": an object, got " + node).isTrue();
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names).as(what + ": " + node).containsExactlyInAnyOrder(fields);
    return names;
  }
}
