package dev.rivet.state.jdbc;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.sql.SQLException;
import java.util.List;

/** Turns state-store failures into {@link RivetException}s of kind {@code STATE} with a hint. */
public final class StoreErrors {
  private StoreErrors() {}

  /** A failed statement while {@code doing} something, with what the user can do about it. */
  public static RivetException sql(
      StateLocation location, String doing, SQLException e, String hint) {
    return new RivetException(
        FailureKind.STATE,
        "state store " + location.redacted() + ": " + doing + ": " + firstLine(e.getMessage()),
        hint,
        e);
  }

  static RivetException unknownRun(StateLocation location, String runId) {
    return new RivetException(
        FailureKind.STATE,
        "state store " + location.redacted() + " has no run '" + runId + "'",
        "list the runs it knows with `rivet state runs`; check the run id and that state (or"
            + " RIVET_STATE_URL) names the store the run was planned in");
  }

  static RivetException duplicateRun(StateLocation location, String runId) {
    return new RivetException(
        FailureKind.STATE,
        "state store " + location.redacted() + " already has run '" + runId + "'",
        "every plan needs a new run id; plan the export again");
  }

  static RivetException noChunk(String runId, int chunkIndex, int chunkCount) {
    return new RivetException(
        FailureKind.STATE,
        "run " + runId + " has no chunk " + chunkIndex + "; its chunks are 0.." + (chunkCount - 1),
        "report this as a bug in rivet; the plan and the state of the run disagree");
  }

  static RivetException unwrittenChunks(String runId, List<Integer> unwritten) {
    return new RivetException(
        FailureKind.INTERNAL,
        "run " + runId + " cannot be published: chunks " + unwritten + " are not written",
        "report this as a bug in rivet; run again with --resume to finish the chunks");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
