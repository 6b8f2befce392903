package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.pipeline.fidelity.ColumnReport;
import java.io.PrintWriter;
import java.util.List;

/**
 * Renders an export's type report in {@code rivet check}: each column's source type, output type
 * (Parquet and CSV) and fidelity, as text lines or a JSON array.
 */
final class TypeReportText {
  private TypeReportText() {}

  static void print(List<ColumnReport> columns, PrintWriter out) {
    out.println("  columns:");
    int width = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (ColumnReport c : columns) {
      out.printf(
          "    %-" + width + "s  %s -> %s%s  [parquet %s; csv %s]  %s%s%n",
          c.name(),
          c.sourceType(),
          c.outputType(),
          c.override() == null ? "" : " (override " + c.override() + ")",
          c.parquet(),
          c.csv(),
          c.judgement().fidelity().wireValue(),
          c.judgement().reason().isEmpty() ? "" : ": " + c.judgement().reason());
    }
  }

  static ArrayNode json(List<ColumnReport> columns) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (ColumnReport c : columns) {
      ObjectNode node = array.addObject();
      node.put("name", c.name());
      node.put("source_type", c.sourceType());
      node.put("override", c.override());
      node.put("output_type", c.outputType());
      node.put("parquet", c.parquet());
      node.put("csv", c.csv());
      node.put("fidelity", c.judgement().fidelity().wireValue());
      node.put("reason", c.judgement().reason().isEmpty() ? null : c.judgement().reason());
    }
    return array;
  }
}
