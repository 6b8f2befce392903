package dev.rivet.kernel.failure;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every exit code a Rivet process documents, with its meaning: the {@link ExitStatus}es and each
 * {@link FailureKind}'s code. What {@code rivet --help} lists and docs/cli.md must agree with.
 */
public final class ExitCodes {
  private ExitCodes() {}

  /** Code → meaning, ascending; no code has two meanings. */
  public static SortedMap<Integer, String> table() {
    SortedMap<Integer, String> table = new TreeMap<>();
    for (ExitStatus status : ExitStatus.values()) {
      add(table, status.code(), status.meaning());
    }
    for (FailureKind kind : FailureKind.values()) {
      add(table, kind.exitCode(), kind.meaning());
    }
    return Collections.unmodifiableSortedMap(table);
  }

  private static void add(SortedMap<Integer, String> table, int code, String meaning) {
    String earlier = table.putIfAbsent(code, meaning);
    if (earlier != null) {
      throw new IllegalStateException(
          "exit code " + code + " means both '" + earlier + "' and '" + meaning + "'");
    }
  }
}
