package dev.rivet.launcher.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides the state store's JDBC URL: {@code RIVET_STATE_URL} when set, else the file's {@code
 * state} key, else {@code <config dir>/.rivet/state.db}; always a {@code jdbc:sqlite:} URL.
 */
final class StateLocation {
  static final String ENV = "RIVET_STATE_URL";
  private static final String PREFIX = "jdbc:sqlite:";

  private StateLocation() {}

  static String resolve(ConfigNode state) {
    ConfigFile file = state.file();
    String override = file.env().get(ENV);
    if (override != null && !override.isBlank()) {
      try {
        return toUrl(override.strip(), Path.of("").toAbsolutePath());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "environment variable " + ENV + ": " + e.getMessage(),
            "set " + ENV + " to a file path or a jdbc:sqlite: URL, or unset it");
      }
    }
    if (!state.isSet()) {
      return PREFIX + file.resolve(".rivet/state.db");
    }
    try {
      return toUrl(state.text(), file.directory());
    } catch (IllegalArgumentException e) {
      throw state.error(
          e.getMessage(),
          "write a file path such as .rivet/state.db, or jdbc:sqlite:/abs/path/state.db");
    }
  }

  /** A {@code jdbc:sqlite:} URL is kept as written; a path is resolved against {@code base}. */
  private static String toUrl(String text, Path base) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith(PREFIX)) {
      return text;
    }
    if (lower.startsWith("jdbc:") || text.matches("[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      throw new IllegalArgumentException(
          "'"
              + SourceUrl.redact(text)
              + "' is not supported; the state store is SQLite (expected a file path or"
              + " jdbc:sqlite:<path>)");
    }
    try {
      return PREFIX + base.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid file path: " + e.getReason());
    }
  }
}
