package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.planner.failure.SqlErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

/**
 * Finds the user-facing cause of a failure that may arrive wrapped by a runner (Beam's
 * PipelineExecutionException, Flink's JobExecutionException, ...).
 */
public final class Failures {
  private Failures() {}

  public static RivetException explain(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RivetException r) {
        return r;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return SqlErrors.translate(sql, "reading the source");
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return new RivetException(
            FailureKind.DESTINATION,
            "writing files failed: " + t.getMessage(),
            "check that the destination exists, is writable and has free space",
            failure);
      }
      if (t instanceof OutOfMemoryError) {
        return new RivetException(
            FailureKind.INTERNAL,
            "out of memory: " + t.getMessage(),
            "lower parallelism, fetch_size or row_group_size, or raise -Xmx (RIVET_JAVA_OPTS)",
            failure);
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new RivetException(
        FailureKind.INTERNAL,
        "unexpected failure: " + root,
        "set RIVET_DEBUG=1 to print the stack trace, and report it",
        failure);
  }
}
