package dev.rivet.launcher.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.kernel.shape.RunShape;
import dev.rivet.launcher.shape.RunShapes.ShapedRun;
import dev.rivet.launcher.shape.ShapeWarningText;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Prints the shape of an export's recent runs, per column, oldest run first. */
public final class ShapeTrend {
  private ShapeTrend() {}

  /** One line per column and run: rows, NULLs, NULL share, longest value in bytes and chars. */
  public static void print(String export, List<ShapedRun> runs, PrintWriter out) {
    if (runs.isEmpty()) {
      out.println(
          "export "
              + export
              + ": no successful run with a recorded shape (runs before rivet recorded column"
              + " profiles have none)");
      out.flush();
      return;
    }
    TextTable table =
        new TextTable(
            "COLUMN", "RUN", "FINISHED", "ROWS", "NULLS", "NULL_RATIO", "MAX_BYTES", "MAX_CHARS");
    for (String column : columns(runs)) {
      for (ShapedRun run : runs) {
        RunShape shape = run.shape();
        shape
            .column(column)
            .ifPresent(
                c ->
                    table.row(
                        column,
                        run.run().runId(),
                        run.run().finishedAt(),
                        shape.rows(),
                        c.nulls(),
                        ShapeWarningText.percent(shape.nullRatio(c)),
                        length(c.maxBytes()),
                        length(c.maxChars())));
      }
    }
    table.print(out);
  }

  /**
   * {@code {"command": "state shape", "schema_version": 1, "export", "runs": [{"run_id",
   * "finished_at", "rows", "columns": [...]}]}} (docs/json.md).
   */
  public static void printJson(String export, List<ShapedRun> runs, PrintWriter out) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = JsonDocument.start("state shape", 1).put("export", export);
    ArrayNode list = root.putArray("runs");
    for (ShapedRun run : runs) {
      ObjectNode node =
          list.addObject()
              .put("run_id", run.run().runId())
              .put(
                  "finished_at",
                  run.run().finishedAt() == null ? null : run.run().finishedAt().toString())
              .put("rows", run.shape().rows());
      ArrayNode columns = node.putArray("columns");
      for (ColumnProfile c : run.shape().columns()) {
        ObjectNode column =
            columns
                .addObject()
                .put("column", c.column())
                .put("nulls", c.nulls())
                .put("null_ratio", run.shape().nullRatio(c));
        column.set(
            "max_bytes", c.maxBytes() < 0 ? json.nullNode() : json.valueToTree(c.maxBytes()));
        column.set(
            "max_chars", c.maxChars() < 0 ? json.nullNode() : json.valueToTree(c.maxChars()));
      }
    }
    try {
      out.println(json.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  private static Set<String> columns(List<ShapedRun> runs) {
    Set<String> columns = new LinkedHashSet<>();
    runs.forEach(r -> r.shape().columns().forEach(c -> columns.add(c.column())));
    return columns;
  }

  private static String length(long value) {
    return value < 0 ? "-" : Long.toString(value);
  }
}
