package dev.rivet.kernel.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts an {@link ExportSchema} to a JSON array of columns and back, so that the round trip
 * yields an equal schema (and fingerprint). Field names are snake_case. Thread-safe.
 */
public final class SchemaCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaCodec() {}

  public static String write(ExportSchema schema) {
    ArrayNode columns = MAPPER.createArrayNode();
    for (ColumnSchema c : schema.columns()) {
      ObjectNode column = columns.addObject();
      column.put("name", c.name());
      column.put("source_type", c.sourceType());
      column.put("jdbc_type", c.jdbcType());
      column.put("precision", c.precision());
      column.put("scale", c.scale());
      column.put("nullable", c.nullable());
      column.put("output_type", c.outputType());
    }
    return columns.toString();
  }

  /**
   * The schema {@link #write} wrote.
   *
   * @throws IllegalArgumentException naming what is wrong when {@code json} is not such an array
   */
  public static ExportSchema read(String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isArray()) {
      throw new IllegalArgumentException("expected a JSON array of columns");
    }
    List<ColumnSchema> columns = new ArrayList<>();
    for (JsonNode c : tree) {
      columns.add(
          new ColumnSchema(
              text(c, "name"),
              text(c, "source_type"),
              number(c, "jdbc_type"),
              number(c, "precision"),
              number(c, "scale"),
              required(c, "nullable").asBoolean(),
              text(c, "output_type")));
    }
    return new ExportSchema(columns);
  }

  private static String text(JsonNode column, String field) {
    return required(column, field).asText();
  }

  private static int number(JsonNode column, String field) {
    JsonNode value = required(column, field);
    if (!value.canConvertToInt()) {
      throw new IllegalArgumentException(
          "column field '" + field + "' is " + value + "; expected a whole number");
    }
    return value.asInt();
  }

  private static JsonNode required(JsonNode column, String field) {
    JsonNode value = column.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("a column has no '" + field + "': " + column);
    }
    return value;
  }
}
