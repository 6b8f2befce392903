package dev.rivet.kernel.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Objects;

/**
 * The values of one keyset boundary, one per key part, each as the text of its {@link KeyType}. It
 * travels in a {@link Chunk} bound as a JSON array of strings ({@code ["42","Smith"]}), which holds
 * any text exactly (quotes, backslashes, control characters, trailing spaces, any Unicode), so a
 * boundary round-trips through a stored plan unchanged: {@code decode(encode(t)).equals(t)}.
 */
public record KeyTuple(List<String> values) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  public KeyTuple {
    values = List.copyOf(Objects.requireNonNull(values, "values"));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a key tuple has at least one value");
    }
  }

  /** The bound text stored in a chunk. */
  public String encode() {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  /**
   * Reads a bound written by {@link #encode}.
   *
   * @throws IllegalArgumentException when {@code text} is not a non-empty JSON array of strings
   */
  public static KeyTuple decode(String text) {
    List<String> values;
    try {
      values = JSON.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "keyset bound '" + text + "' is not a JSON array of strings", e);
    }
    if (values == null || values.isEmpty() || values.contains(null)) {
      throw new IllegalArgumentException(
          "keyset bound '" + text + "' must be a non-empty array of strings");
    }
    return new KeyTuple(values);
  }
}
