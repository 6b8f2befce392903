package dev.rivet.planner.dialect;

import java.util.List;
import java.util.ServiceLoader;

/** The dialects the class path registers, loaded once with the class loader that loaded Rivet. */
final class Registered {
  static final List<Dialect> DIALECTS =
      ServiceLoader.load(Dialect.class, Dialect.class.getClassLoader()).stream()
          .map(ServiceLoader.Provider::get)
          .toList();

  private Registered() {}
}
