package dev.rivet.pipeline.files;

import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.Format;
import java.io.Serializable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a run's files go: {@code <destination>/<export>/<run_id>/part-<chunk>.<ext>}, plus {@code
 * manifest.json} and {@code _SUCCESS} in the same folder. Names depend only on the run and the
 * chunk, so writing a chunk again replaces its file instead of adding a second one.
 */
public record RunLayout(String destination, String export, String runId, String extension)
    implements Serializable {

  public static final String MANIFEST = "manifest.json";
  public static final String SUCCESS = "_SUCCESS";

  public static RunLayout of(ExportPlan plan) {
    String ext = plan.export().format().extension();
    if (plan.export().format() == Format.CSV) {
      ext += plan.export().compression().csvSuffix();
    }
    return new RunLayout(plan.export().destination(), plan.export().name(), plan.runId(), ext);
  }

  public ResourceId runDirectory() {
    ResourceId base = FileSystems.matchNewResource(destination, true);
    return base.resolve(export, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(runId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  public ResourceId dataFile(int chunkIndex) {
    return runDirectory().resolve(fileName(chunkIndex), StandardResolveOptions.RESOLVE_FILE);
  }

  /** The name a chunk's file has while it is being written; readers must ignore dot-files. */
  public ResourceId inProgressFile(int chunkIndex) {
    return runDirectory()
        .resolve("." + fileName(chunkIndex) + ".inprogress", StandardResolveOptions.RESOLVE_FILE);
  }

  public ResourceId file(String name) {
    return runDirectory().resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  public String fileName(int chunkIndex) {
    return String.format("part-%05d%s", chunkIndex, extension);
  }
}
