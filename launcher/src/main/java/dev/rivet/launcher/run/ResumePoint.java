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
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where an interrupted run stands: the chunks that were completely written and whose files are all
 * still in place (kept, with every one of their files), after removing the in-progress files the
 * interrupted attempt left behind. A chunk with one file missing or changed is not kept at all: it
 * is read again and all of its files are replaced.
 */
record ResumePoint(List<FileResult> written, int orphansRemoved) {

  static ResumePoint of(StateStore store, ExportPlan plan) {
    int orphans = removeInProgressFiles(plan);
    Set<Integer> writtenChunks =
        store.chunks(plan.runId()).stream()
            .filter(c -> c.status() == ChunkStatus.WRITTEN || c.status() == ChunkStatus.PUBLISHED)
            .map(ChunkRecord::chunkIndex)
            .collect(Collectors.toSet());
    Map<Integer, List<FileRecord>> filesByChunk =
        store.files(plan.runId()).stream()
            .collect(
                Collectors.groupingBy(FileRecord::chunkIndex, TreeMap::new, Collectors.toList()));
    List<FileResult> kept = new ArrayList<>();
    filesByChunk.forEach(
        (chunk, files) -> {
          if (writtenChunks.contains(chunk) && allIntact(files)) {
            files.forEach(file -> kept.add(result(plan, file)));
          }
        });
    return new ResumePoint(kept, orphans);
  }

  /** How many chunks are kept. */
  long chunksKept() {
    return written.stream().map(FileResult::chunkIndex).distinct().count();
  }

  private static FileResult result(ExportPlan plan, FileRecord file) {
    return new FileResult(
        file.runId(),
        plan.export().name(),
        file.chunkIndex(),
        file.fileIndex(),
        file.path(),
        file.rows(),
        file.bytes(),
        file.sha256(),
        Map.of());
  }

  /** The chunk's files 0..n-1 are all where the state says, with the sizes they were written. */
  private static boolean allIntact(List<FileRecord> files) {
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).fileIndex() != i || !intact(files.get(i))) {
        return false;
      }
    }
    return true;
  }

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
