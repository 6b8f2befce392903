package dev.rivet.state.dump;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;

/** Failures to read a dump: the document is wrong, so they are the user's to fix (exit code 2). */
public final class DumpErrors {
  private DumpErrors() {}

  /**
   * A field or statement of the document that is not what a dump holds.
   *
   * @param where e.g. {@code backup.json, line 12: runs[3].status}
   * @param problem what is wrong and what was expected
   */
  public static RivetException invalid(String where, String problem) {
    return new RivetException(
        FailureKind.USER_CONFIG,
        where + ": " + problem,
        "import a document that `rivet state export` wrote, unchanged (or fix that field); nothing"
            + " was imported");
  }

  /**
   * A field whose value is not what a dump holds.
   *
   * @param field e.g. {@code backup.json, line 12: runs[3].status}
   * @param problem e.g. {@code is 'x'; expected a whole number}
   */
  public static RivetException field(String field, String problem) {
    RivetException invalid = invalid(field, problem);
    return new RivetException(invalid.kind(), field + " " + problem, invalid.hint());
  }

  /** A dump of a schema version this build does not read. */
  public static RivetException unreadableVersion(String name, int version) {
    return new RivetException(
        FailureKind.USER_CONFIG,
        name
            + ": schema_version is "
            + version
            + "; this rivet reads dumps of schema_version 1 to "
            + DumpHeader.SCHEMA_VERSION,
        version > DumpHeader.SCHEMA_VERSION
            ? "the dump was written by a newer rivet: import it with that version"
            : "import a document that `rivet state export` wrote");
  }
}
