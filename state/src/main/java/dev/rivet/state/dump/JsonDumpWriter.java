package dev.rivet.state.dump;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a dump as one JSON document: the header fields, then one array per table with one row
 * object per line, so that a dump diffs and greps well.
 */
final class JsonDumpWriter implements DumpWriter {
  private final JsonGenerator json;
  private boolean inTable;

  JsonDumpWriter(OutputStream out) {
    try {
      json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setPrettyPrinter(new RowPerLinePrinter());
  }

  @Override
  public void header(DumpHeader header) {
    write(
        () -> {
          json.writeStartObject();
          json.writeStringField("format", DumpHeader.FORMAT);
          json.writeNumberField("schema_version", header.schemaVersion());
          json.writeObjectFieldStart("store");
          json.writeStringField("kind", header.storeKind());
          json.writeStringField("schema_version", header.storeSchemaVersion());
          json.writeEndObject();
          json.writeStringField("exported_at", DumpType.instantText(header.exportedAt()));
        });
  }

  @Override
  public void table(DumpTable table) {
    write(
        () -> {
          endTable();
          json.writeArrayFieldStart(table.tableName());
          inTable = true;
        });
  }

  @Override
  public void row(DumpRow row) {
    write(
        () -> {
          json.writeStartObject();
          for (int i = 0; i < row.table().columns().size(); i++) {
            json.writeFieldName(row.table().columns().get(i).name());
            Object value = row.values().get(i);
            if (value == null) {
              json.writeNull();
            } else if (value instanceof Long number) {
              json.writeNumber(number);
            } else if (value instanceof Instant instant) {
              json.writeString(DumpType.instantText(instant));
            } else {
              json.writeString((String) value);
            }
          }
          json.writeEndObject();
        });
  }

  @Override
  public void finish() {
    write(
        () -> {
          endTable();
          json.writeEndObject();
          json.writeRaw('\n');
          json.flush();
        });
  }

  private void endTable() throws IOException {
    if (inTable) {
      json.writeEndArray();
      inTable = false;
    }
  }

  private static void write(Output output) {
    try {
      output.write();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Output {
    void write() throws IOException;
  }
}
