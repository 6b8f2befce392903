package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.state.CursorMark;
import dev.rivet.state.StateStore;
import java.util.Optional;

/** The stored high-water mark an incremental export plans from. */
public final class CursorMarks {
  private CursorMarks() {}

  /**
   * The export's stored mark, or null for a first run or another mode.
   *
   * @throws RivetException when the stored mark is of another cursor than the config names now
   */
  public static String previous(StateStore store, ExportSpec export) {
    if (!(export.mode() instanceof IncrementalMode mode)) {
      return null;
    }
    Optional<CursorMark> stored = store.cursorMark(export.name());
    if (stored.isEmpty()) {
      return null;
    }
    CursorMark mark = stored.get();
    String cursor = new SplitKey(mode.column(), mark.type(), mode.fallback()).describe();
    if (!mark.cursor().equalsIgnoreCase(cursor)) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': the stored mark "
              + mark.mark()
              + " is of cursor "
              + mark.cursor()
              + " (run "
              + mark.runId()
              + "), but the config now names cursor "
              + cursor,
          "restore the cursor in the config, or run rivet state cursors --reset "
              + export.name()
              + " so that the next run reads the whole history again");
    }
    return mark.mark();
  }
}
