package dev.rivet.launcher.run;

import dev.rivet.pipeline.FileResult;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.FileRecord;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an interrupted run stands: the chunk files that were completely written and are still in
 * place (kept), after removing the in-progress files the interrupted attempt left behind.
 */
record ResumePoint(List<FileResult> written, int orphansRemoved) {

  static ResumePoint of(StateStore store, ExportPlan plan) {
    int orphans = removeInProgressFiles(plan);
    Set<Integer> writtenChunks =
        store.chunks(plan.runId()).stream()
            .filter(c -> c.status() == ChunkStatus.WRITTEN || c.status() == ChunkStatus.PUBLISHED)
            .map(ChunkRecord::chunkIndex)
            .collect(Collectors.toSet());
    List<FileResult> kept = new ArrayList<>();
    for (FileRecord file : store.files(plan.runId())) {
      if (writtenChunks.contains(file.chunkIndex()) && intact(file)) {
        kept.add(
            new FileResult(
                file.runId(),
                plan.export().name(),
                file.chunkIndex(),
                file.path(),
                file.rows(),
                file.bytes(),
                file.sha256(),
                Map.of()));
      }
    }
    return new ResumePoint(kept, orphans);
  }

  /** The file is where the state says, with the size it had when it was written. */
  private static boolean intact(FileRecord file) {
    Path path = Paths.get(file.path());
    try {
      return Files.isRegularFile(path) && Files.size(path) == file.bytes();
    } catch (IOException e) {
      return false;
    }
  }

  private static int removeInProgressFiles(ExportPlan plan) {
    Path dir = Paths.get(RunLayout.of(plan).runDirectory().toString());
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> orphans = Files.newDirectoryStream(dir, ".*.inprogress")) {
      for (Path orphan : orphans) {
        Files.deleteIfExists(orphan);
        removed++;
      }
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.DESTINATION,
          "cannot remove in-progress files of run " + plan.runId() + " in " + dir + ": " + e,
          "check that the destination is writable",
          e);
    }
    return removed;
  }
}
