package dev.rivet.state.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rivet.kernel.failure.RivetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a JSON dump as it streams in, one row at a time, so a dump of any size is read in little
 * memory. The tables must come in {@link DumpTable} order, each once, after the header fields.
 */
final class JsonDumpReader implements DumpReader {
  private final JsonParser json;
  private final String name;
  private DumpHeader header;
  private DumpTable pending;
  private DumpTable table;
  private int nextTable;
  private int rowIndex;
  private boolean finished;

  JsonDumpReader(InputStream in, String name) {
    this.name = name;
    try {
      this.json = new JsonFactory().createParser(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DumpHeader header() {
    if (header == null) {
      header = read(this::readHeader);
    }
    return header;
  }

  @Override
  public DumpRow next() {
    header();
    return read(this::readNext);
  }

  private DumpHeader readHeader() throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw invalid(where(), "expected a JSON object (a dump written by `rivet state export`)");
    }
    String format = null;
    Integer schemaVersion = null;
    String storeKind = null;
    String storeSchemaVersion = null;
    Instant exportedAt = null;
    while (pending == null) {
      JsonToken token = json.nextToken();
      if (token != JsonToken.FIELD_NAME) {
        throw invalid(where(), "expected the tables " + DumpTable.names());
      }
      String field = json.currentName();
      if (field.equals("format")) {
        format = string(field);
      } else if (field.equals("schema_version")) {
        schemaVersion = (int) integer(field, Integer.MAX_VALUE);
      } else if (field.equals("store")) {
        expect(JsonToken.START_OBJECT, field, "an object with kind and schema_version");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String storeField = json.currentName();
          if (storeField.equals("kind")) {
            storeKind = string("store.kind");
          } else if (storeField.equals("schema_version")) {
            storeSchemaVersion = string("store.schema_version");
          } else {
            throw invalid(where(), "unknown field store." + storeField);
          }
        }
      } else if (field.equals("exported_at")) {
        exportedAt = instant(field);
      } else {
        pending =
            DumpTable.named(field)
                .orElseThrow(
                    () ->
                        invalid(
                            where(),
                            "unknown field '"
                                + field
                                + "'; a dump has format, schema_version, store, exported_at"
                                + " and the tables "
                                + DumpTable.names()));
      }
    }
    if (!DumpHeader.FORMAT.equals(format)) {
      throw invalid(
          name,
          format == null
              ? "no format field before the tables: not a dump written by `rivet state export`"
              : "format is '" + format + "'; expected '" + DumpHeader.FORMAT + "'");
    }
    requireHeaderField(schemaVersion, "schema_version");
    if (schemaVersion > DumpHeader.SCHEMA_VERSION || schemaVersion < 1) {
      throw DumpErrors.unreadableVersion(name, schemaVersion);
    }
    requireHeaderField(storeKind, "store.kind");
    requireHeaderField(storeSchemaVersion, "store.schema_version");
    requireHeaderField(exportedAt, "exported_at");
    return new DumpHeader(schemaVersion, storeKind, storeSchemaVersion, exportedAt);
  }

  private DumpRow readNext() throws IOException {
    while (!finished) {
      if (table != null) {
        JsonToken token = json.nextToken();
        if (token == JsonToken.START_OBJECT) {
          return readRow();
        }
        if (token != JsonToken.END_ARRAY) {
          throw invalid(where(), "expected a row object of " + table.tableName() + " or ]");
        }
        table = null;
      } else if (pending != null) {
        startTable();
      } else {
        JsonToken token = json.nextToken();
        if (token == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          pending =
              DumpTable.named(field)
                  .orElseThrow(
                      () ->
                          invalid(
                              where(),
                              "unknown field '"
                                  + field
                                  + "' after the header; expected the tables "
                                  + DumpTable.names()));
        } else {
          end(token);
        }
      }
    }
    return null;
  }

  private void startTable() throws IOException {
    if (pending.ordinal() != nextTable) {
      throw invalid(
          where(),
          pending.ordinal() < nextTable
              ? pending.tableName() + " appears twice"
              : "expected "
                  + DumpTable.values()[nextTable].tableName()
                  + " before "
                  + pending.tableName()
                  + "; the tables come in the order "
                  + DumpTable.names());
    }
    expect(JsonToken.START_ARRAY, pending.tableName(), "an array of row objects");
    table = pending;
    pending = null;
    nextTable++;
    rowIndex = 0;
  }

  private void end(JsonToken token) throws IOException {
    if (token != JsonToken.END_OBJECT) {
      throw invalid(where(), "expected a table name or the end of the document");
    }
    while (nextTable < DumpTable.values().length && DumpTable.values()[nextTable].mayBeAbsent()) {
      nextTable++;
    }
    if (nextTable < DumpTable.values().length) {
      throw invalid(
          where(),
          "the document ends without "
              + DumpTable.values()[nextTable].tableName()
              + "; a dump has every table, in the order "
              + DumpTable.names());
    }
    if (json.nextToken() != null) {
      throw invalid(where(), "more data after the end of the dump");
    }
    finished = true;
  }

  private DumpRow readRow() throws IOException {
    String origin = name + ", line " + line() + ": " + table.tableName() + "[" + rowIndex++ + "]";
    Object[] values = new Object[table.columns().size()];
    boolean[] seen = new boolean[values.length];
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String column = json.currentName();
      int index = table.indexOf(column);
      if (index < 0) {
        throw invalid(
            origin,
            "unknown field '" + column + "'; " + table.tableName() + " has " + table.columnList());
      }
      if (seen[index]) {
        throw DumpErrors.field(origin + "." + column, "appears twice");
      }
      seen[index] = true;
      values[index] = value(table.columns().get(index), origin + "." + column);
    }
    for (int i = 0; i < values.length; i++) {
      DumpColumn column = table.columns().get(i);
      if (!seen[i] && !column.nullable()) {
        throw invalid(
            origin, "field " + column.name() + " is missing; expected " + expected(column));
      }
    }
    return new DumpRow(table, Arrays.asList(values), origin);
  }

  private Object value(DumpColumn column, String where) throws IOException {
    JsonToken token = json.nextToken();
    if (token == JsonToken.VALUE_NULL) {
      if (!column.nullable()) {
        throw DumpErrors.field(where, "is null; expected " + column.type().expected());
      }
      return null;
    }
    switch (column.type()) {
      case INTEGER:
        if (token == JsonToken.VALUE_NUMBER_INT
            && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return json.getLongValue();
        }
        break;
      case INSTANT:
        if (token == JsonToken.VALUE_STRING) {
          Instant instant = DumpType.parseInstant(json.getText());
          if (instant != null) {
            return instant;
          }
        }
        break;
      default:
        if (token == JsonToken.VALUE_STRING) {
          return json.getText();
        }
    }
    throw DumpErrors.field(where, "is " + shown(token) + "; expected " + expected(column));
  }

  private String shown(JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      return token == JsonToken.START_OBJECT ? "an object" : "an array";
    }
    String text = json.getText();
    return token == JsonToken.VALUE_STRING ? "'" + text + "'" : text;
  }

  private static String expected(DumpColumn column) {
    return column.type().expected() + (column.nullable() ? " or null" : "");
  }

  private String string(String field) throws IOException {
    if (json.nextToken() != JsonToken.VALUE_STRING) {
      throw invalid(where() + ": " + field, "expected a string");
    }
    return json.getText();
  }

  private long integer(String field, long max) throws IOException {
    if (json.nextToken() != JsonToken.VALUE_NUMBER_INT || json.getLongValue() > max) {
      throw invalid(where() + ": " + field, "expected a whole number");
    }
    return json.getLongValue();
  }

  private Instant instant(String field) throws IOException {
    Instant instant = DumpType.parseInstant(string(field));
    if (instant == null) {
      throw invalid(where() + ": " + field, "expected " + DumpType.INSTANT.expected());
    }
    return instant;
  }

  private void expect(JsonToken token, String field, String what) throws IOException {
    if (json.nextToken() != token) {
      throw invalid(where() + ": " + field, "expected " + what);
    }
  }

  private void requireHeaderField(Object value, String field) {
    if (value == null) {
      throw invalid(name, "no " + field + " field before the tables");
    }
  }

  private String where() {
    return name + ", line " + line();
  }

  private int line() {
    return json.currentLocation().getLineNr();
  }

  private static RivetException invalid(String where, String problem) {
    return DumpErrors.invalid(where, problem);
  }

  private <T> T read(Read<T> read) {
    try {
      return read.run();
    } catch (JsonParseException e) {
      throw invalid(
          name + ", line " + e.getLocation().getLineNr(),
          "not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Read<T> {
    T run() throws IOException;
  }
}
