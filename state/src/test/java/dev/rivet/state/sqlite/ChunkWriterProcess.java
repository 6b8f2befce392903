package dev.rivet.state.sqlite;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.util.Map;

/** A separate JVM that starts and writes chunks {@code [from, to)} of a run in a state file. */
final class ChunkWriterProcess {
  private ChunkWriterProcess() {}

  public static void main(String[] args) {
    StateLocation location = new StateLocation(args[0]);
    String runId = args[1];
    int from = Integer.parseInt(args[2]);
    int to = Integer.parseInt(args[3]);
    try (StateStore store = StateStores.open(location)) {
      for (int i = from; i < to; i++) {
        store.chunkStarted(runId, i);
        store.chunkWritten(
            runId, i, new WrittenFile(runId, i, 0, "proc-" + i, i, i, null, Map.of()));
      }
    }
  }
}
