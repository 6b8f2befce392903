package dev.rivet.pipeline.validate;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one run's files against the state store and its manifest. It matches
 * exactly when every file matches and nothing is wrong with the run as a whole.
 *
 * @param runDirectory the run's folder, where its files and {@code manifest.json} are
 * @param files one check per file the state store recorded, by chunk index, then file index
 * @param runProblems differences not about one recorded file: a planned chunk without a file, a
 *     missing or disagreeing manifest
 */
public record ValidationReport(
    String runId,
    String export,
    String format,
    String runDirectory,
    List<FileCheck> files,
    List<String> runProblems) {
  public ValidationReport {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(runDirectory, "runDirectory");
    files = List.copyOf(files);
    runProblems = List.copyOf(runProblems);
  }

  public boolean matches() {
    return runProblems.isEmpty() && files.stream().allMatch(FileCheck::matches);
  }

  public long mismatchedFiles() {
    return files.stream().filter(f -> !f.matches()).count();
  }

  /** Rows the state store recorded over all files. */
  public long recordedRows() {
    return files.stream().mapToLong(f -> f.recorded().rows()).sum();
  }

  /** Rows read back over all files that could be read. */
  public long rowsRead() {
    return files.stream().mapToLong(f -> Math.max(f.rows(), 0)).sum();
  }
}
