package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import java.util.List;
import java.util.Map;

/**
 * The {@code --output json} documents of {@code rivet state runs}, {@code chunks}, {@code files}
 * and {@code prune} (docs/json.md), each at schema version {@value #SCHEMA_VERSION}.
 */
public final class StateRunsJson {
  public static final int SCHEMA_VERSION = 1;

  private StateRunsJson() {}

  /**
   * @param plansShown whether never-run plans are listed (--plans)
   * @param plansHidden how many never-run plans were left out
   */
  public static ObjectNode runs(List<RunRecord> runs, boolean plansShown, int plansHidden) {
    ObjectNode root = JsonDocument.start("state runs", SCHEMA_VERSION);
    root.put("plans_shown", plansShown);
    root.put("plans_hidden", plansHidden);
    ArrayNode list = root.putArray("runs");
    for (RunRecord r : runs) {
      ObjectNode run = list.addObject();
      run.put("run_id", r.runId());
      run.put("export", r.export());
      run.put("status", r.status().name());
      run.put("plan_only", r.planOnly());
      run.put("runner", r.runner());
      run.put("chunks", r.chunkCount());
      run.put("rows", r.rows());
      run.put("files", r.files());
      run.put("bytes", r.bytes());
      run.put("created_at", JsonDocument.time(r.createdAt()));
      run.put("started_at", JsonDocument.time(r.startedAt()));
      run.put("finished_at", JsonDocument.time(r.finishedAt()));
      run.put("error_class", r.errorClass());
      run.put("error_message", r.errorMessage());
    }
    return root;
  }

  /**
   * @param ranges each chunk's key range as {@code rivet state chunks} prints it, by chunk index
   * @param failures each chunk's failed attempts, by chunk index
   */
  public static ObjectNode chunks(
      String runId,
      List<ChunkRecord> chunks,
      Map<Integer, String> ranges,
      Map<Integer, List<ChunkError>> failures) {
    ObjectNode root = JsonDocument.start("state chunks", SCHEMA_VERSION);
    root.put("run_id", runId);
    ArrayNode list = root.putArray("chunks");
    for (ChunkRecord c : chunks) {
      ObjectNode chunk = list.addObject();
      chunk.put("chunk", c.chunkIndex());
      chunk.put("range", ranges.get(c.chunkIndex()));
      chunk.put("lower_inclusive", c.lowerInclusive());
      chunk.put("upper_exclusive", c.upperExclusive());
      chunk.put("status", c.status().name());
      chunk.put("attempts", c.attempts());
      chunk.put("rows", c.rows());
      chunk.put("started_at", JsonDocument.time(c.startedAt()));
      chunk.put("finished_at", JsonDocument.time(c.finishedAt()));
      chunk.put("error_class", c.errorClass());
      chunk.put("error_message", c.errorMessage());
      ArrayNode failed = chunk.putArray("failed_attempts");
      for (ChunkError e : failures.getOrDefault(c.chunkIndex(), List.of())) {
        failed
            .addObject()
            .put("attempt", e.attempt())
            .put("error_class", e.errorClass())
            .put("message", e.message())
            .put("failed_at", JsonDocument.time(e.failedAt()));
      }
    }
    return root;
  }

  public static ObjectNode files(String runId, List<WrittenFile> files) {
    ObjectNode root = JsonDocument.start("state files", SCHEMA_VERSION);
    root.put("run_id", runId);
    ArrayNode list = root.putArray("files");
    for (WrittenFile f : files) {
      list.addObject()
          .put("chunk", f.chunkIndex())
          .put("file", f.fileIndex())
          .put("rows", f.rows())
          .put("bytes", f.bytes())
          .put("sha256", f.sha256())
          .put("path", f.path());
    }
    return root;
  }

  /**
   * {@code state files --orphans}: the files under the run's folder the store does not list.
   *
   * @param folder the run's folder, or null for a run to standard output (which has no files)
   */
  public static ObjectNode orphans(
      String runId, String folder, List<String> orphans, boolean deleted) {
    ObjectNode root = JsonDocument.start("state files", SCHEMA_VERSION);
    root.put("run_id", runId);
    root.put("folder", folder);
    root.put("deleted", deleted);
    ArrayNode list = root.putArray("orphans");
    orphans.forEach(list::add);
    return root;
  }

  /**
   * @param deleted whether the records were removed ({@code --delete}) or only listed
   * @param removed how many runs' records were removed (0 when only listed)
   */
  public static ObjectNode prune(
      String olderThan, List<RunRecord> prunable, boolean deleted, int removed) {
    ObjectNode root = JsonDocument.start("state prune", SCHEMA_VERSION);
    root.put("older_than", olderThan);
    root.put("deleted", deleted);
    root.put("removed", removed);
    ArrayNode list = root.putArray("runs");
    for (RunRecord r : prunable) {
      list.addObject()
          .put("run_id", r.runId())
          .put("export", r.export())
          .put("status", r.status().name())
          .put("plan_only", r.planOnly())
          .put("created_at", JsonDocument.time(r.createdAt()));
    }
    return root;
  }
}
