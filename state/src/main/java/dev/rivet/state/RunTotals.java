package dev.rivet.state;

/** What a published run wrote in total; every count is non-negative. */
public record RunTotals(long rows, long files, long bytes) {
  public RunTotals {
    if (rows < 0 || files < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "run totals must be >= 0, got rows=" + rows + " files=" + files + " bytes=" + bytes);
    }
  }
}
