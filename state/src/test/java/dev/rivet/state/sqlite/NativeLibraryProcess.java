package dev.rivet.state.sqlite;

import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate JVM that opens a new state file and prints the native SQLite libraries it has mapped
 * (from {@code /proc/self/maps}), one line each.
 */
final class NativeLibraryProcess {
  private NativeLibraryProcess() {}

  public static void main(String[] args) throws Exception {
    try (StateStore store = StateStores.open(new StateLocation(args[0]))) {
      store.runs("none", 1);
    }
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      lines
          .filter(l -> l.contains("sqlitejdbc"))
          .map(l -> l.substring(l.indexOf('/')))
          .distinct()
          .forEach(l -> System.out.println("mapped " + l));
    }
  }
}
