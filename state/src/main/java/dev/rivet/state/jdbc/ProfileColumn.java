package dev.rivet.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.shape.ColumnProfile;
import java.util.List;

/**
 * The {@code files.profile} column: a file's column profile as a JSON array of {@code {"column",
 * "nulls", "maxBytes", "maxChars"}}, NULL when none was recorded (and in rows written before the
 * column existed).
 */
final class ProfileColumn {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<ColumnProfile>> PROFILE = new TypeReference<>() {};

  private ProfileColumn() {}

  /** The value to store; null for no profile. */
  static String write(List<ColumnProfile> profile) {
    if (profile.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(profile);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode column profile " + profile, e);
    }
  }

  /** The profile a stored value holds; empty for NULL. */
  static List<ColumnProfile> read(String stored, String path) {
    if (stored == null) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(stored, PROFILE));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new RivetException(
          FailureKind.STATE,
          "file "
              + path
              + ": its stored column profile is not a JSON array of {column, nulls, maxBytes,"
              + " maxChars}: "
              + stored,
          "the state store was changed outside rivet; restore it or point state elsewhere",
          e);
    }
  }
}
