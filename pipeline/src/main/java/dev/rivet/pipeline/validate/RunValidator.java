package dev.rivet.pipeline.validate;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.files.RunLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Re-reads every file a run recorded and checks it against the state store and the run's {@code
 * manifest.json}: existence, size, SHA-256, and the row count read from the file itself. Reads
 * through Beam's FileSystems (local, S3, GCS; the caller registers their options). Reads only; safe
 * to run any number of times, also while nothing else runs against the destination.
 */
public final class RunValidator {
  private RunValidator() {}

  /**
   * Validates the files recorded for {@code plan}'s run.
   *
   * @param files the run's files as the state store recorded them
   */
  public static ValidationReport validate(ExportPlan plan, List<WrittenFile> files) {
    List<WrittenFile> sorted = new ArrayList<>(files);
    sorted.sort(
        Comparator.comparingInt(WrittenFile::chunkIndex).thenComparingInt(WrittenFile::fileIndex));
    RunLayout layout = RunLayout.of(plan);
    String runDirectory = layout.runDirectory().toString();
    List<String> runProblems = new ArrayList<>();
    Set<Integer> recordedChunks =
        sorted.stream().map(WrittenFile::chunkIndex).collect(Collectors.toSet());
    for (Chunk chunk : plan.chunks()) {
      if (!recordedChunks.contains(chunk.index())) {
        runProblems.add(
            "chunk " + chunk.index() + " " + chunk.describeRange() + ": no file recorded");
      }
    }
    for (WrittenFile file : sorted) {
      if (file.chunkIndex() >= plan.chunks().size()) {
        runProblems.add(
            "chunk "
                + file.chunkIndex()
                + ": a file is recorded but the plan has only "
                + plan.chunks().size()
                + " chunks");
      }
    }
    String manifest = layout.file(RunLayout.MANIFEST).toString();
    ManifestComparison comparison =
        ManifestComparison.of(manifest, runDirectory, plan.runId(), sorted);
    runProblems.addAll(comparison.general());
    FileInspector inspector =
        new FileInspector(plan.export().format(), plan.export().compression());
    List<FileCheck> checks = new ArrayList<>(sorted.size());
    for (WrittenFile file : sorted) {
      checks.add(inspector.inspect(file).withProblems(comparison.about(file)));
    }
    return new ValidationReport(
        plan.runId(),
        plan.export().name(),
        plan.export().format().wireValue(),
        runDirectory,
        checks,
        runProblems);
  }
}
