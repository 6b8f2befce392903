package dev.rivet.state.dump;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays a dump out as a top-level object with one field per line, and each row of a table's array on
 * a line of its own: {@code {"run_id": "r1", "status": "succeeded", ...}}.
 */
final class RowPerLinePrinter implements PrettyPrinter {
  private int objectDepth;

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    objectDepth++;
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    if (objectDepth == 1) {
      g.writeRaw("\n  ");
    }
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(objectDepth == 1 ? ",\n  " : ", ");
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    g.writeRaw(objectDepth == 1 && nrOfEntries > 0 ? "\n}" : "}");
    objectDepth--;
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    g.writeRaw("\n    ");
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(",\n    ");
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    g.writeRaw(nrOfValues > 0 ? "\n  ]" : "]");
  }
}
