package dev.rivet.pipeline.types;

import dev.rivet.kernel.source.SourceKind;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The source types the class path registers, loaded once with the class loader that loaded Rivet,
 * by kind; immutable.
 */
final class RegisteredTypes {
  static final Map<SourceKind, SourceTypes> BY_KIND =
      Map.copyOf(
          ServiceLoader.load(SourceTypes.class, SourceTypes.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .collect(Collectors.toMap(SourceTypes::kind, Function.identity())));

  private RegisteredTypes() {}
}
