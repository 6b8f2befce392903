package dev.rivet.launcher.shape;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.kernel.shape.RunShape;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shapes of an export's successful runs, read from the column profiles in the state store. */
public final class RunShapes {
  /** How many of an export's newest runs are searched for earlier shapes. */
  static final int RUNS_SEARCHED = 50;

  private RunShapes() {}

  /** The shape of one run from its files; no columns when its files recorded no profile. */
  public static RunShape of(StateStore store, String runId) {
    List<WrittenFile> files = store.files(runId);
    long rows = files.stream().mapToLong(WrittenFile::rows).sum();
    List<ColumnProfile> profiles = new ArrayList<>();
    files.forEach(f -> profiles.addAll(f.profile()));
    return RunShape.of(runId, rows, profiles);
  }

  /**
   * The newest successful runs of {@code export} with a recorded shape, at most {@code limit},
   * newest first, among its {@value #RUNS_SEARCHED} newest runs.
   */
  public static List<ShapedRun> recent(StateStore store, String export, int limit) {
    List<ShapedRun> shaped = new ArrayList<>();
    for (RunRecord run : store.runs(export, Math.max(limit, RUNS_SEARCHED))) {
      if (shaped.size() >= limit) {
        break;
      }
      if (run.status() == RunStatus.SUCCEEDED) {
        RunShape shape = of(store, run.runId());
        if (!shape.columns().isEmpty()) {
          shaped.add(new ShapedRun(run, shape));
        }
      }
    }
    return List.copyOf(shaped);
  }

  /**
   * The newest successful run of {@code run}'s export planned before it with a recorded shape and
   * at least one row, the baseline its shape is compared with.
   */
  public static Optional<RunShape> previous(StateStore store, RunRecord run) {
    for (RunRecord earlier : store.runs(run.export(), RUNS_SEARCHED)) {
      if (earlier.status() == RunStatus.SUCCEEDED
          && !earlier.runId().equals(run.runId())
          && earlier.createdAt().isBefore(run.createdAt())) {
        RunShape shape = of(store, earlier.runId());
        // A run of no rows (an incremental run with nothing new) has nothing to compare with.
        if (!shape.columns().isEmpty() && shape.rows() > 0) {
          return Optional.of(shape);
        }
      }
    }
    return Optional.empty();
  }

  /** A run and its shape. */
  public record ShapedRun(RunRecord run, RunShape shape) {}
}
