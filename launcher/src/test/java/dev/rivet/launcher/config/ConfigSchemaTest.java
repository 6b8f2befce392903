package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rivet.launcher.command.RivetCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema {@code rivet schema} prints accepts every shipped example and the README's
 * config, and rejects what the loader rejects for an unknown key or a value of the wrong type.
 */
class ConfigSchemaTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, String> ENV =
      Map.of(
          "SHOP_PG_PASSWORD", "secret",
          "RIVET_SLACK_WEBHOOK", "https://hooks.slack.com/services/T0/B0/example",
          "AWS_SECRET_ACCESS_KEY", "example-secret");

  /** A config both accept; each rejected case changes one thing in it. */
  private static final String VALID =
      "source:\n"
          + "  url: postgresql://postgres@127.0.0.1:5432/test\n"
          + "state: state.db\n"
          + "defaults:\n"
          + "  format: csv\n"
          + "  destination: ./out\n"
          + "  retries:\n"
          + "    attempts: 3\n"
          + "exports:\n"
          + "  - name: orders\n"
          + "    table: public.orders\n"
          + "    chunk_rows: 500_000\n"
          + "    row_group_size: 64MiB\n"
          + "    allow_lossy: false\n"
          + "    columns:\n"
          + "      total: decimal(12,2)\n"
          + "      id: int64\n"
          + "    meta_columns:\n"
          + "      run_id: true\n"
          + "    quality:\n"
          + "      unique_columns: [id]\n"
          + "s3:\n"
          + "  region: eu-west-1\n"
          + "notifications:\n"
          + "  webhook:\n"
          + "    url: https://example.com/hook\n"
          + "    on: [failure, success]\n";

  private static Schema schema;

  @TempDir Path dir;

  @BeforeAll
  static void printSchema() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RivetCommand.execute(
            new String[] {"schema"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(printed.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(printed.toString());
  }

  @Test
  void shouldAcceptEveryShippedExample() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
    for (Path example : examples) {
      for (String config : rivetConfigsIn(example)) {
        assertThat(errors(config)).as("%s", example).isEmpty();
      }
    }
  }

  /**
   * The rivet.yaml texts a file holds: the file itself, or for a Kubernetes manifest (several
   * documents, e.g. examples/kubernetes/cronjob.yaml) each ConfigMap's {@code rivet.yaml} entry.
   */
  private static List<String> rivetConfigsIn(Path file) throws IOException {
    String text = Files.readString(file);
    List<JsonNode> docs =
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(text).readAll();
    if (docs.isEmpty() || !docs.get(0).has("apiVersion")) {
      return List.of(text);
    }
    List<String> configs = new ArrayList<>();
    for (JsonNode doc : docs) {
      if ("ConfigMap".equals(doc.path("kind").asText()) && doc.path("data").has("rivet.yaml")) {
        configs.add(doc.path("data").path("rivet.yaml").asText());
      }
    }
    assertThat(configs).as("%s holds a ConfigMap with rivet.yaml", file).isNotEmpty();
    return configs;
  }

  @Test
  void shouldAcceptTheReadmesConfigs() throws Exception {
    List<String> configs = new ArrayList<>();
    Matcher block =
        Pattern.compile("(?s)```yaml\n(.*?)```")
            .matcher(Files.readString(ROOT.resolve("README.md")));
    while (block.find()) {
      if (block.group(1).contains("exports:")) {
        configs.add(block.group(1));
      }
    }
    assertThat(configs).isNotEmpty();
    for (String config : configs) {
      assertThat(errors(config)).as(config).isEmpty();
    }
  }

  @Test
  void shouldAcceptTheConfigTheLoaderAccepts() throws Exception {
    ConfigLoader.load(Files.writeString(dir.resolve("valid.yaml"), VALID), ENV);
    assertThat(errors(VALID)).isEmpty();
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("unknown root key", VALID + "exprots: []\n"),
        Arguments.of(
            "unknown source key", VALID.replace("source:\n  url:", "source:\n  hots: x\n  url:")),
        Arguments.of("unknown export key", VALID.replace("    table:", "    tabel: x\n    table:")),
        Arguments.of("unknown defaults key", VALID.replace("  format: csv", "  formt: csv")),
        Arguments.of("unknown retries key", VALID.replace("attempts: 3", "attempt: 3")),
        Arguments.of("unknown meta_columns key", VALID.replace("run_id: true", "runid: true")),
        Arguments.of("unknown quality key", VALID.replace("unique_columns:", "unique_column:")),
        Arguments.of("unknown s3 key", VALID.replace("region: eu-west-1", "regoin: eu-west-1")),
        Arguments.of("unknown webhook key", VALID.replace("    on:", "    onn:")),
        Arguments.of(
            "unknown tuning key",
            VALID.replace("  retries:", "  tuning:\n    profil: gentle\n  retries:")),
        Arguments.of(
            "unknown cursor key",
            VALID.replace(
                "    table:",
                "    mode: incremental\n    cursor:\n      column: id\n      colum: id\n"
                    + "    table:")),
        Arguments.of("unknown gcs key", VALID + "gcs:\n  projekt: p\n"),
        Arguments.of(
            "unknown notifications key",
            VALID.replace("notifications:\n", "notifications:\n  email:\n    to: x\n")),
        Arguments.of(
            "unknown slack key",
            VALID.replace(
                "notifications:\n",
                "notifications:\n  slack:\n    webhook_url_env: HOOK\n    channel: x\n")),
        Arguments.of("unknown format", VALID.replace("format: csv", "format: xml")),
        Arguments.of("unknown override type", VALID.replace("id: int64", "id: integer")),
        Arguments.of(
            "decimal override without scale", VALID.replace("decimal(12,2)", "decimal(12)")),
        Arguments.of("text for allow_lossy", VALID.replace("allow_lossy: false", "allow_lossy: x")),
        Arguments.of(
            "unknown mode", VALID.replace("    table:", "    mode: sometimes\n    table:")),
        Arguments.of("unknown event", VALID.replace("[failure, success]", "[failure, lunch]")),
        Arguments.of("text for a number", VALID.replace("chunk_rows: 500_000", "chunk_rows: many")),
        Arguments.of("list for a number", VALID.replace("attempts: 3", "attempts: [3]")),
        Arguments.of("text for a flag", VALID.replace("run_id: true", "run_id: maybe")),
        Arguments.of("text for a size", VALID.replace("64MiB", "large")),
        Arguments.of("mapping for a text", VALID.replace("state: state.db", "state: {a: b}")),
        Arguments.of("text for a section", VALID.replace("s3:\n  region: eu-west-1", "s3: yes")),
        Arguments.of(
            "mapping for the exports list",
            VALID
                .replace("  - name: orders\n    table:", "  name: orders\n  table:")
                .replaceAll("\n    ", "\n  ")),
        Arguments.of(
            "text for a list", VALID.replace("unique_columns: [id]", "unique_columns: id")),
        Arguments.of(
            "an export without a name",
            VALID.replace("  - name: orders\n    table:", "  - table:")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void shouldRejectWhatTheLoaderRejects(String why, String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), yaml);
    assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
        .as("the loader rejects it")
        .isInstanceOf(ConfigException.class);
    assertThat(errors(yaml)).as("the schema rejects it").isNotEmpty();
  }

  @Test
  void shouldDescribeEveryKeyAndCloseEverySection() {
    JsonNode rendered = ConfigSchema.schema();
    List<String> problems = new ArrayList<>();
    walk(rendered, "", problems);
    assertThat(problems).isEmpty();
    assertThat(rendered.at("/properties/exports/items/properties/format/anyOf/0/enum"))
        .extracting(JsonNode::asText)
        .containsExactly("parquet", "csv");
  }

  private static void walk(JsonNode node, String path, List<String> problems) {
    if (node.has("properties")) {
      if (!node.path("additionalProperties").isBoolean()
          || node.path("additionalProperties").asBoolean()) {
        problems.add(path + " is not closed");
      }
      node.get("properties")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().path("description").asText().isBlank()) {
                  problems.add(path + "/" + e.getKey() + " has no description");
                }
                walk(e.getValue(), path + "/" + e.getKey(), problems);
              });
    }
    if (node.has("items")) {
      walk(node.get("items"), path + "[]", problems);
    }
  }

  private static List<Error> errors(String yaml) throws IOException {
    return schema.validate(YAML.readTree(yaml));
  }
}
