package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.split.SubRanges;
import java.util.Optional;

/**
 * How a chunk whose statement ran past the source's time limit is read next: again from its start,
 * in twice as many sub-ranges of its key range as the attempt that timed out, down to a floor of
 * {@value #MAX_PIECES} sub-ranges or one key value each. Shrinking is not a retry: it does not use
 * up the export's retry attempts.
 */
final class TimeoutShrink {
  /** The error class state records for an attempt that timed out and is read again smaller. */
  static final String ERROR_CLASS = "SOURCE_TIMEOUT";

  /** Sub-ranges of 1/64 of the chunk: past that, the chunk size is the wrong setting. */
  static final int MAX_PIECES = 64;

  private TimeoutShrink() {}

  /** Whether {@code failure} is a statement timeout that shrinking may get past. */
  static boolean isTimeout(RuntimeException failure) {
    return failure instanceof RivetException r
        && r.kind() == FailureKind.SOURCE_TRANSIENT
        && SqlErrors.isStatementTimeout(failure);
  }

  /**
   * Why an attempt read in {@code pieces} sub-ranges (1 = the whole chunk) that timed out cannot be
   * followed by one in smaller sub-ranges, or empty when it can.
   *
   * @param statements how many sub-ranges the attempt actually read the chunk in: fewer than {@code
   *     pieces} when the chunk holds fewer key values
   */
  static Optional<String> whyNotSmaller(ExportPlan plan, Chunk chunk, int pieces, int statements) {
    if (pieces == 1) {
      return SubRanges.whyNotSplittable(plan.strategy(), plan.splitKey(), chunk);
    }
    if (statements < pieces) {
      return Optional.of(
          "it was already read as "
              + statements
              + " statements of one "
              + (plan.strategy() == Strategy.BLOCK_RANGE ? "block" : "key value")
              + " each");
    }
    if (pieces >= MAX_PIECES) {
      return Optional.of(
          "it was already read as " + pieces + " statements, each over 1/" + pieces + " of it");
    }
    return Optional.empty();
  }

  /** The sub-range count after an attempt in {@code pieces} timed out. */
  static int next(int pieces) {
    return Math.min(pieces * 2, MAX_PIECES);
  }

  /** The failure that ends the chunk: it timed out and cannot be read in smaller statements. */
  static RivetException cannotShrink(
      ExportPlan plan, Chunk chunk, String why, RuntimeException timeout) {
    return new RivetException(
        FailureKind.SOURCE_PERMANENT,
        "export '"
            + plan.export().name()
            + "' chunk "
            + chunk.index()
            + " "
            + chunk.describeRange()
            + " of "
            + plan.export().relation().describe()
            + ": the source cancelled its statement at the statement time limit, and it cannot"
            + " be read in smaller statements: "
            + why
            + " (last error: "
            + timeout.getMessage()
            + ")",
        SqlErrors.statementTimeoutHint(),
        timeout);
  }
}
