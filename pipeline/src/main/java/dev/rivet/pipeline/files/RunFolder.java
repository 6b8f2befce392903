package dev.rivet.pipeline.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What is under a run's folder on any Beam file system (local, S3, GCS), and which of it the state
 * store does not know: files of an interrupted attempt, a chunk file of an attempt that was never
 * recorded, a leftover in-progress file. Lists with one glob ({@code <run folder>/**}), so a folder
 * of many objects costs a few list requests, never one request per object.
 */
public final class RunFolder {
  private RunFolder() {}

  /** Every file under the run's folder, chunk folders included, sorted by path. */
  public static List<ResourceId> files(RunLayout layout) throws IOException {
    String glob = layout.runDirectory().toString() + "**";
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata file : match.metadata()) {
      files.add(file.resourceId());
    }
    files.sort((a, b) -> a.toString().compareTo(b.toString()));
    return files;
  }

  /**
   * The files under the run's folder that are neither one of {@code recorded} (the paths the state
   * store holds for the run) nor the run's {@code manifest.json} or {@code _SUCCESS}.
   */
  public static List<ResourceId> orphans(RunLayout layout, Collection<String> recorded)
      throws IOException {
    Set<String> known = Set.copyOf(recorded);
    String manifest = layout.file(RunLayout.MANIFEST).toString();
    String success = layout.file(RunLayout.SUCCESS).toString();
    List<ResourceId> orphans = new ArrayList<>();
    for (ResourceId file : files(layout)) {
      String path = file.toString();
      if (!known.contains(path) && !path.equals(manifest) && !path.equals(success)) {
        orphans.add(file);
      }
    }
    return orphans;
  }

  /** Deletes {@code files}; ones already gone are fine. */
  public static void delete(List<ResourceId> files) throws IOException {
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}
