package dev.rivet.kernel.plan;

/**
 * Durations in milliseconds written as the config writes them: {@code 500ms}, {@code 2s}, {@code
 * 1m}, {@code 1h}.
 */
public final class Millis {
  private static final long[] UNIT_MILLIS = {3_600_000L, 60_000L, 1_000L};
  private static final String[] UNIT_NAMES = {"h", "m", "s"};

  private Millis() {}

  /** The largest whole unit that expresses {@code millis} exactly, e.g. {@code 90s}. */
  public static String describe(long millis) {
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      if (millis != 0 && millis % UNIT_MILLIS[i] == 0) {
        return millis / UNIT_MILLIS[i] + UNIT_NAMES[i];
      }
    }
    return millis + "ms";
  }
}
