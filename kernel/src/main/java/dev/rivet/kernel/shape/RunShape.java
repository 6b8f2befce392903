package dev.rivet.kernel.shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of one run: its rows and, per column, the NULLs summed and the longest value over all
 * of its files. A run written before profiles were recorded has no columns.
 */
public record RunShape(String runId, long rows, List<ColumnProfile> columns) {
  public RunShape {
    Objects.requireNonNull(runId, "runId");
    if (rows < 0) {
      throw new IllegalArgumentException("run " + runId + ": rows must be >= 0, got " + rows);
    }
    columns = List.copyOf(columns);
  }

  /**
   * The shape of a run of {@code rows} rows from its files' profiles, merged by column; columns in
   * the order they first appear.
   */
  public static RunShape of(String runId, long rows, List<ColumnProfile> fileProfiles) {
    Map<String, ColumnProfile> merged = new LinkedHashMap<>();
    for (ColumnProfile profile : fileProfiles) {
      merged.merge(profile.column(), profile, ColumnProfile::merge);
    }
    return new RunShape(runId, rows, new ArrayList<>(merged.values()));
  }

  /** The profile of {@code column} in this run, if it was recorded. */
  public Optional<ColumnProfile> column(String column) {
    return columns.stream().filter(c -> c.column().equals(column)).findFirst();
  }

  /** The share of the run's rows whose {@code profile} value was NULL; 0 for a run of no rows. */
  public double nullRatio(ColumnProfile profile) {
    return rows == 0 ? 0 : (double) profile.nulls() / rows;
  }
}
