package dev.rivet.pipeline.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.StructValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The CSV text of one non-null value: ISO-8601 temporals (timestamptz in UTC with {@code Z}), bytea
 * as {@code \x} and lowercase hex, plain-notation decimals, round-trip floats, and lists as JSON
 * arrays.
 */
final class CsvText {
  private static final JsonFactory JSON = new JsonFactory();
  private static final HexFormat HEX = HexFormat.of();

  private CsvText() {}

  static String format(ColumnType type, Object value) {
    switch (type.kind()) {
      case BOOLEAN:
      case INT8:
      case INT16:
      case INT32:
      case INT64:
      case FLOAT:
      case DOUBLE:
      case UUID:
        // Float/Double#toString print the shortest text that parses back to the same value.
        return value.toString();
      case DECIMAL:
        return ((BigDecimal) value).toPlainString();
      case NUMERIC_TEXT:
      case STRING:
      case TIMETZ:
      case JSON:
        // A String, or the Utf8Text of a binary read, decoded here.
        return value.toString();
      case BYTES:
        return "\\x" + HEX.formatHex((byte[]) value);
      case GEOMETRY:
        return "\\x" + HEX.formatHex(((Geometry) value).ewkb());
      case DATE:
        // LocalDate#toString prints what ISO_LOCAL_DATE prints (CsvDateTextTest), without the
        // formatter's per-value parsing context.
        return ((LocalDate) value).toString();
      case TIME:
        long micros = (Long) value;
        return micros == LogicalKind.MICROS_PER_DAY
            ? "24:00:00"
            : DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.ofNanoOfDay(micros * 1_000));
      case TIMESTAMP:
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) value);
      case TIMESTAMPTZ:
        return DateTimeFormatter.ISO_INSTANT.format((Instant) value);
      case LIST:
        return jsonArray(type.element(), (List<?>) value);
      case MAP:
        return jsonObject((Map<?, ?>) value);
      case STRUCT:
        // The source's own text form, as before composites became structs.
        return ((StructValue) value).text();
      default:
        throw new IllegalStateException("unhandled kind " + type.kind());
    }
  }

  /** A JSON object of string members in the map's (key) order; a NULL value is {@code null}. */
  private static String jsonObject(Map<?, ?> entries) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        json.writeStringField((String) entry.getKey(), (String) entry.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
    }
    return text.toString();
  }

  /**
   * Numbers and booleans are JSON literals (non-finite floats are the strings {@code "NaN"}, {@code
   * "Infinity"}, {@code "-Infinity"}), and every other element is a string holding its CSV text: a
   * {@code json}/{@code jsonb} element is the string of its JSON text, so a JSON {@code null}
   * element ({@code "null"}) differs from an SQL NULL element ({@code null}).
   */
  private static String jsonArray(ColumnType element, List<?> values) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      writeArray(json, element, values);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
    }
    return text.toString();
  }

  /** A multi-dimensional array's elements are arrays: nested JSON arrays, {@code [[1,2],[3,4]]}. */
  private static void writeArray(JsonGenerator json, ColumnType element, List<?> values)
      throws IOException {
    json.writeStartArray();
    for (Object value : values) {
      if (value == null) {
        json.writeNull();
        continue;
      }
      switch (element.kind()) {
        case LIST:
          writeArray(json, element.element(), (List<?>) value);
          break;
        case BOOLEAN:
          json.writeBoolean((Boolean) value);
          break;
        case INT8:
        case INT16:
        case INT32:
        case INT64:
          json.writeNumber(value.toString());
          break;
        case FLOAT:
        case DOUBLE:
          double d = ((Number) value).doubleValue();
          if (Double.isFinite(d)) {
            json.writeNumber(value.toString());
          } else {
            json.writeString(value.toString());
          }
          break;
        case DECIMAL:
          json.writeNumber(((BigDecimal) value).toPlainString());
          break;
        default:
          json.writeString(format(element, value));
      }
    }
    json.writeEndArray();
  }
}
