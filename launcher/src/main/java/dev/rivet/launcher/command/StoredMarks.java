package dev.rivet.launcher.command;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.launcher.run.CursorMarks;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored marks of incremental exports, read for a check without creating anything: a SQLite
 * state file that does not exist yet means no export has a mark.
 */
final class StoredMarks {
  private static final String SQLITE = "jdbc:sqlite:";

  private StoredMarks() {}

  /** Each incremental export's stored mark by export name; absent for first runs. */
  static Map<String, String> of(StateLocation location, List<ExportSpec> exports) {
    Map<String, String> marks = new HashMap<>();
    if (exports.stream().noneMatch(e -> e.mode() instanceof IncrementalMode) || !exists(location)) {
      return marks;
    }
    try (StateStore store = StateStores.open(location)) {
      for (ExportSpec export : exports) {
        String mark = CursorMarks.previous(store, export);
        if (mark != null) {
          marks.put(export.name(), mark);
        }
      }
    }
    return marks;
  }

  /** False only for a SQLite file that is not there; other stores are opened to find out. */
  private static boolean exists(StateLocation location) {
    if (!location.isSqlite()) {
      return true;
    }
    String file = location.jdbcUrl().substring(SQLITE.length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    file = file.startsWith("file:") ? file.substring("file:".length()) : file;
    return file.isEmpty() || file.startsWith(":memory:") || Files.exists(Path.of(file));
  }
}
