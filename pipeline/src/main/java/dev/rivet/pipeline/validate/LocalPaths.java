package dev.rivet.pipeline.validate;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Turns a path as the state store or manifest records it into a local file path, when it is one.
 */
final class LocalPaths {
  private LocalPaths() {}

  /** The local path of {@code recorded} (a plain path or a {@code file:} URI); empty otherwise. */
  static Optional<Path> of(String recorded) {
    if (recorded.startsWith("file:")) {
      return Optional.of(Paths.get(URI.create(recorded)));
    }
    if (recorded.matches("[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      return Optional.empty();
    }
    return Optional.of(Paths.get(recorded));
  }
}
