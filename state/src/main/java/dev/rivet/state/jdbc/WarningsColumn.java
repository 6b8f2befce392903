package dev.rivet.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code files.warnings} column: a file's warning counts as a JSON object of code to count,
 * NULL when there are none (and in rows written before the column existed).
 */
final class WarningsColumn {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};

  private WarningsColumn() {}

  /** The value to store; null for no warnings. Keys are sorted, so equal counts store equally. */
  static String write(Map<String, Long> warnings) {
    if (warnings.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(new TreeMap<>(warnings));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode warnings " + warnings, e);
    }
  }

  /** The counts a stored value holds; empty for NULL. */
  static Map<String, Long> read(String stored, String path) {
    if (stored == null) {
      return Map.of();
    }
    try {
      return Map.copyOf(JSON.readValue(stored, COUNTS));
    } catch (JsonProcessingException e) {
      throw new RivetException(
          FailureKind.STATE,
          "file " + path + ": its stored warnings are not a JSON object of counts: " + stored,
          "the state store was changed outside rivet; restore it or point state elsewhere",
          e);
    }
  }
}
