package dev.rivet.launcher.run;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.files.FilePresence;
import dev.rivet.pipeline.files.RunFolder;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where an interrupted run stands: the chunks that were completely written and whose files are all
 * still in place (kept, with every one of their files), after removing the in-progress files the
 * interrupted attempt left behind. A chunk with one file missing or changed is not kept at all: it
 * is read again and all of its files are replaced ({@link FilePresence}). Object stores have no
 * in-progress files: a killed upload never completed, so nothing of it is visible. A run to
 * standard output keeps nothing: the stream cannot be resumed, so every chunk is written again.
 */
record ResumePoint(List<WrittenFile> written, int orphansRemoved) {

  static ResumePoint of(StateStore store, ExportPlan plan) {
    if (plan.export().destination() instanceof Destination.Stdout) {
      return new ResumePoint(List.of(), 0);
    }
    int orphans = removeInProgressFiles(plan);
    Set<Integer> writtenChunks =
        store.chunks(plan.runId()).stream()
            .filter(c -> c.status() == ChunkStatus.WRITTEN || c.status() == ChunkStatus.PUBLISHED)
            .map(ChunkRecord::chunkIndex)
            .collect(Collectors.toSet());
    Map<Integer, List<WrittenFile>> filesByChunk =
        store.files(plan.runId()).stream()
            .collect(
                Collectors.groupingBy(WrittenFile::chunkIndex, TreeMap::new, Collectors.toList()));
    List<WrittenFile> kept = new ArrayList<>();
    filesByChunk.forEach(
        (chunk, files) -> {
          if (writtenChunks.contains(chunk) && allIntact(files)) {
            kept.addAll(files);
          }
        });
    return new ResumePoint(kept, orphans);
  }

  /** How many chunks are kept. */
  long chunksKept() {
    return written.stream().map(WrittenFile::chunkIndex).distinct().count();
  }

  /** The chunk's files 0..n-1 are all where the state says, with the sizes they were written. */
  private static boolean allIntact(List<WrittenFile> files) {
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).fileIndex() != i || !FilePresence.intact(files.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static int removeInProgressFiles(ExportPlan plan) {
    RunLayout layout = RunLayout.of(plan);
    if (layout.writesInPlace()) {
      return 0;
    }
    try {
      List<ResourceId> inProgress = new ArrayList<>();
      for (ResourceId file : RunFolder.files(layout)) {
        String name = file.getFilename();
        if (name != null && name.startsWith(".") && name.endsWith(".inprogress")) {
          inProgress.add(file);
        }
      }
      RunFolder.delete(inProgress);
      return inProgress.size();
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.DESTINATION,
          "cannot remove in-progress files of run "
              + plan.runId()
              + " in "
              + layout.runDirectory()
              + ": "
              + e,
          "check that the destination is writable",
          e);
    }
  }
}
