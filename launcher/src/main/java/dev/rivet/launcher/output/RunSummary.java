package dev.rivet.launcher.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.launcher.drift.DriftReport;
import dev.rivet.launcher.shape.ShapeDriftItem;
import dev.rivet.pipeline.govern.GovernorReport;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What one finished run did, for the console and for {@code --output json}: rows, files, bytes,
 * chunks, retries (chunk attempts beyond the first), value warnings, duration and throughput, and
 * whether the source schema changed since the export's accepted schema, shape drift warnings (never
 * a failure), the quality report when the export has a contract, and what the governor did when the
 * export has one.
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
    @JsonProperty("retries_by_class") Map<String, Long> retriesByClass,
    @JsonProperty("warnings") Map<String, Long> warnings,
    @JsonProperty("duration_seconds") double durationSeconds,
    @JsonProperty("rows_per_second") long rowsPerSecond,
    @JsonProperty("output") String output,
    @JsonProperty("rows_validated") Long rowsValidated,
    @JsonProperty("verdict") String verdict,
    @JsonProperty("validation") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode validation,
    @JsonProperty("reconciliation") @JsonInclude(JsonInclude.Include.NON_NULL)
        JsonNode reconciliation,
    @JsonProperty("schema_changed") boolean schemaChanged,
    @JsonProperty("schema_changes") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<SchemaChangeJson> schemaChanges,
    @JsonProperty("shape_drift") List<ShapeDriftItem> shapeDrift,
    @JsonProperty("quality") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode quality,
    @JsonProperty("notification_failures") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> notificationFailures,
    @JsonProperty("governor") @JsonInclude(JsonInclude.Include.NON_NULL) GovernorJson governor,
    @JsonProperty("yielded_to_sessions") @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer yieldedToSessions) {

  public RunSummary {
    notificationFailures =
        notificationFailures == null ? List.of() : List.copyOf(notificationFailures);
    schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
    shapeDrift = shapeDrift == null ? List.of() : List.copyOf(shapeDrift);
  }

  /** The verdict of a published run that was neither validated nor reconciled. */
  public static final String UNCHECKED = "published";

  /**
   * @param errors the failed attempts of the run's chunks; each one was retried (or ended the run)
   * @param output where the run's files are: its folder, or {@code -} for standard output
   * @param manifest the run's {@code manifest.json} on any Beam file system, or null when the run
   *     has none (standard output)
   */
  public static RunSummary of(
      RunRecord run,
      List<ChunkRecord> chunks,
      List<ChunkError> errors,
      String output,
      String manifest) {
    Map<String, Long> byClass = new TreeMap<>();
    errors.forEach(e -> byClass.merge(e.errorClass(), 1L, Long::sum));
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
        byClass,
        manifestWarnings(manifest),
        seconds,
        seconds > 0 ? Math.round(run.rows() / seconds) : 0,
        output,
        null,
        UNCHECKED,
        null,
        null,
        false,
        List.of(),
        List.of(),
        QualityReportFile.besideManifest(manifest),
        List.of(),
        null,
        null);
  }

  /**
   * This summary with what the run's governor did; {@code report} null (a run without a governor)
   * leaves {@code governor} out.
   */
  public RunSummary withGovernor(GovernorReport report) {
    return new RunSummary(
        export,
        runId,
        status,
        runner,
        rows,
        files,
        bytes,
        chunks,
        retries,
        retriesByClass,
        warnings,
        durationSeconds,
        rowsPerSecond,
        output,
        rowsValidated,
        verdict,
        validation,
        reconciliation,
        schemaChanged,
        schemaChanges,
        shapeDrift,
        quality,
        notificationFailures,
        report == null ? null : GovernorJson.of(report),
        yieldedToSessions);
  }

  /**
   * This summary with how many other sessions the run yielded to (it read with one reader through
   * small cursor fetches, docs/configuration.md#yielding-to-other-sessions); null leaves {@code
   * yielded_to_sessions} out.
   */
  public RunSummary withYield(Integer sessions) {
    return new RunSummary(
        export,
        runId,
        status,
        runner,
        rows,
        files,
        bytes,
        chunks,
        retries,
        retriesByClass,
        warnings,
        durationSeconds,
        rowsPerSecond,
        output,
        rowsValidated,
        verdict,
        validation,
        reconciliation,
        schemaChanged,
        schemaChanges,
        shapeDrift,
        quality,
        notificationFailures,
        governor,
        sessions);
  }

  /** This summary with the notification targets that could not be told about the run. */
  public RunSummary withNotificationFailures(List<String> failures) {
    return withFindings(
        rowsValidated,
        verdict,
        validation,
        reconciliation,
        schemaChanged,
        schemaChanges,
        shapeDrift,
        failures);
  }

  /**
   * This summary with the audits of the run: {@code verdict} becomes match or mismatch, {@code
   * rows_validated} the rows counted in the files.
   *
   * @param validation the {@code rivet validate} JSON document, or null when not validated
   * @param reconciliation the {@code rivet reconcile} JSON document, or null when not reconciled
   * @param matches whether every audit made found what was recorded
   * @param rowsValidated the rows counted in the files, or null when not validated
   */
  public RunSummary withAudit(
      JsonNode validation, JsonNode reconciliation, boolean matches, Long rowsValidated) {
    return withFindings(
        rowsValidated,
        matches ? "match" : "mismatch",
        validation,
        reconciliation,
        schemaChanged,
        schemaChanges,
        shapeDrift,
        notificationFailures);
  }

  /** This summary with the run's shape drift warnings (see docs/cli.md). */
  public RunSummary withShapeDrift(List<ShapeDriftItem> newShapeDrift) {
    return withFindings(
        rowsValidated,
        verdict,
        validation,
        reconciliation,
        schemaChanged,
        schemaChanges,
        newShapeDrift,
        notificationFailures);
  }

  /**
   * This summary with what the schema check found before the run read a row: {@code
   * schema_changed}, and every change in {@code schema_changes}.
   *
   * @param report null when the run was not checked (the summary says unchanged)
   */
  public RunSummary withSchemaDrift(DriftReport report) {
    if (report == null || !report.changed()) {
      return this;
    }
    return withFindings(
        rowsValidated,
        verdict,
        validation,
        reconciliation,
        true,
        report.changes().stream().map(SchemaChangeJson::of).toList(),
        shapeDrift,
        notificationFailures);
  }

  /** This summary with other findings about the run; what the run did stays as it is. */
  private RunSummary withFindings(
      Long newRowsValidated,
      String newVerdict,
      JsonNode newValidation,
      JsonNode newReconciliation,
      boolean newSchemaChanged,
      List<SchemaChangeJson> newSchemaChanges,
      List<ShapeDriftItem> newShapeDrift,
      List<String> newNotificationFailures) {
    return new RunSummary(
        export,
        runId,
        status,
        runner,
        rows,
        files,
        bytes,
        chunks,
        retries,
        retriesByClass,
        warnings,
        durationSeconds,
        rowsPerSecond,
        output,
        newRowsValidated,
        newVerdict,
        newValidation,
        newReconciliation,
        newSchemaChanged,
        newSchemaChanges,
        newShapeDrift,
        quality,
        newNotificationFailures,
        governor,
        yieldedToSessions);
  }

  /** The warning counts the run's manifest records; empty when there is no manifest. */
  private static Map<String, Long> manifestWarnings(String manifest) {
    Map<String, Long> warnings = new TreeMap<>();
    if (manifest == null) {
      return warnings;
    }
    try {
      MatchResult match = FileSystems.match(List.of(manifest), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return warnings;
      }
      JsonNode node;
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
        node = new ObjectMapper().readTree(in).path("warnings");
      }
      node.fields().forEachRemaining(e -> warnings.put(e.getKey(), e.getValue().asLong()));
    } catch (IOException e) {
      warnings.put("manifest_unreadable", 1L);
    }
    return warnings;
  }
}
