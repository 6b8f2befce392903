package dev.rivet.launcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class InitYamlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "orders",
        "on",
        "Yes",
        "null",
        "1999_sales",
        "a b",
        "quote\"d",
        "back\\slash",
        "x$y",
        "-x"
      })
  void shouldWriteNamesThatYamlReadsBackAsTheSameString(String name) {
    Object read = new Yaml().load("name: " + InitYaml.scalar(name));

    assertThat(read).isEqualTo(java.util.Map.of("name", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "order_items", "schema.table"})
  void shouldLeavePlainIdentifiersUnquoted(String name) {
    assertThat(InitYaml.scalar(name)).isEqualTo(name);
  }
}
