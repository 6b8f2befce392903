package dev.rivet.launcher.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one finished run did, for the console and for {@code --output json}: rows, files, bytes,
 * chunks, retries (chunk attempts beyond the first), value warnings, duration and throughput.
 */
public record RunSummary(
    @JsonProperty("export") String export,
    @JsonProperty("run_id") String runId,
    @JsonProperty("status") String status,
    @JsonProperty("runner") String runner,
    @JsonProperty("rows") long rows,
    @JsonProperty("files") long files,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("chunks") int chunks,
    @JsonProperty("retries") int retries,
    @JsonProperty("warnings") Map<String, Long> warnings,
    @JsonProperty("duration_seconds") double durationSeconds,
    @JsonProperty("rows_per_second") long rowsPerSecond,
    @JsonProperty("output") String output) {

  public static RunSummary of(RunRecord run, List<ChunkRecord> chunks, Path runDirectory) {
    double seconds =
        run.startedAt() == null || run.finishedAt() == null
            ? 0
            : Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0;
    int retries = chunks.stream().mapToInt(c -> Math.max(0, c.attempts() - 1)).sum();
    return new RunSummary(
        run.export(),
        run.runId(),
        run.status().name(),
        run.runner(),
        run.rows(),
        run.files(),
        run.bytes(),
        run.chunkCount(),
        retries,
        manifestWarnings(runDirectory),
        seconds,
        seconds > 0 ? Math.round(run.rows() / seconds) : 0,
        runDirectory.toString());
  }

  /** The warning counts the run's manifest records; empty when there is no manifest. */
  private static Map<String, Long> manifestWarnings(Path runDirectory) {
    Path manifest = runDirectory.resolve("manifest.json");
    Map<String, Long> warnings = new TreeMap<>();
    if (!Files.isRegularFile(manifest)) {
      return warnings;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(manifest.toFile()).path("warnings");
      node.fields().forEachRemaining(e -> warnings.put(e.getKey(), e.getValue().asLong()));
    } catch (IOException e) {
      warnings.put("manifest_unreadable", 1L);
    }
    return warnings;
  }
}
