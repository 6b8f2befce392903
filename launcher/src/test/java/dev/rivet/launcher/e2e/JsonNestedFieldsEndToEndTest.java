package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.JsonPins.json;
import static dev.rivet.launcher.e2e.JsonPins.names;
import static dev.rivet.launcher.e2e.JsonPins.pin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nested objects of {@code plan}, {@code check}, {@code validate} and {@code reconcile} under
 * {@code --output json}, on a real PostgreSQL source and SQLite store: the exact set of each nested
 * object's field names, each named in the docs section that describes it (for {@code check}, {@code
 * validate} and {@code reconcile}, the section docs/json.md links to), so neither the output nor
 * the docs can drift alone.
 */
class JsonNestedFieldsEndToEndTest {
  private static final String SCHEMA = "jsonpin_nested";
  private static final String TABLE = SCHEMA + ".items";

  @TempDir static Path dir;
  private static Path config;
  private static JsonNode plan;
  private static String runId;

  @BeforeAll
  static void planAndRun() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, seq int NOT NULL, note text)",
        "INSERT INTO " + TABLE + " SELECT g, g, 'note ' || g FROM generate_series(1, 100) g",
        "ANALYZE " + TABLE);
    config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\n"
                + "exports:\n  - name: items\n    table: "
                + TABLE
                + "\n    destination: out\n    format: csv\n    chunk_rows: 40\n"
                + "    mode: incremental\n    cursor: {column: seq, type: int}\n"
                // Only planned: a query, chunked, with every optional setting the plan keeps.
                + "  - name: rich\n    query: SELECT id, seq, note FROM "
                + TABLE
                + "\n    destination: out\n    format: csv\n    mode: chunked\n"
                + "    chunk: {column: id, by: range, size: 40}\n"
                + "    batch_size_memory_mb: 64\n    tuning: {read_protocol: jdbc}\n"
                + "    meta_columns: {exported_at: true, run_id: true, row_hash: [id]}\n"
                + "    quality: {row_count_min: 1, unique_columns: [id]}\n");
    plan = json(Cli.run("plan", "-c", config.toString(), "--output", "json"), 0);
    JsonNode run =
        json(Cli.run("run", "-c", config.toString(), "--export", "items", "--output", "json"), 0);
    runId = run.path("runs").get(0).path("run_id").asText();
    assertThat(run.path("runs").get(0).path("rows").asLong()).isEqualTo(100);
  }

  @Test
  void planShouldNameEveryNestedFieldOfThePlanFormat() throws Exception {
    JsonNode stored = plan.path("plans").get(0);
    pin(
        "plan",
        stored,
        "format_version",
        "runId",
        "export",
        "source",
        "columns",
        "strategy",
        "splitKey",
        "chunks",
        "parallelism",
        "estimatedRows",
        "createdAt",
        "notes",
        "cursor",
        "averageRowBytes");
    JsonNode export = stored.path("export");
    pin(
        "plan",
        export,
        "name",
        "relation",
        "format",
        "compression",
        "destination",
        "chunkRows",
        "fetchSize",
        "parallelism",
        "rowGroupBytes",
        "onInfinity",
        "onZeroDate",
        "mode",
        "rotation",
        "retry",
        "pauseBetweenChunksMillis",
        "onSchemaDrift",
        "shapeDrift",
        "governor");
    pin("plan", export.path("relation"), "type", "schema", "name");
    // The default profile's yield_to_sessions (2) is stored: the governor object is there.
    pin(
        "plan",
        export.path("governor"),
        "maxSourceLatencyMillis",
        "maxReplicaLagMillis",
        "maxRowsPerSecond",
        "maxBytesPerSecond",
        "autoParallelism",
        "maxSourceLatencyFactor",
        "yieldToSessions");
    assertThat(export.path("governor").path("yieldToSessions").asInt()).isEqualTo(2);
    pin("plan", export.path("mode"), "type", "column", "fallback", "lookback");
    pin("plan", export.path("mode").path("lookback"), "amount", "unit");
    pin("plan", export.path("rotation"), "maxFileBytes", "maxRowsPerFile");
    pin("plan", export.path("retry"), "maxAttempts", "initialBackoffMillis", "maxBackoffMillis");
    pin("plan", export.path("shapeDrift"), "warnFactor", "nullRatioJump");
    for (JsonNode column : stored.path("columns")) {
      pin("plan", column, "name", "jdbcType", "typeName", "precision", "scale", "nullable");
    }
    pin("plan", stored.path("splitKey"), "column", "type", "fallback");
    for (JsonNode chunk : stored.path("chunks")) {
      pin("plan", chunk, "index", "lowerInclusive", "upperExclusive", "nullKeys");
    }
    for (JsonNode note : stored.path("notes")) {
      pin("plan", note, "code", "params");
    }
    pin("plan", stored.path("cursor"), "cursor", "type", "previousMark", "newMark", "newMarkAxis");

    assertThat(export.path("relation").path("schema").asText()).isEqualTo(SCHEMA);
    assertThat(export.path("relation").path("name").asText()).isEqualTo("items");
    List<String> sourceColumns = new ArrayList<>();
    try (var c = TestDatabase.connect();
        var columns = c.getMetaData().getColumns(null, SCHEMA, "items", null)) {
      while (columns.next()) {
        sourceColumns.add(columns.getString("COLUMN_NAME"));
      }
    }
    assertThat(values(stored.path("columns"), "name")).isEqualTo(sourceColumns);
    assertThat(stored.path("cursor").path("previousMark").isNull()).isTrue();
    assertThat(stored.path("cursor").path("newMark").asText()).isEqualTo("100");
  }

  @Test
  void planShouldNameTheOptionalFieldsAndOtherVariantsOfThePlanFormat() {
    assertThat(plan.path("plans")).hasSize(2);
    JsonNode stored = plan.path("plans").get(1);
    JsonNode export = stored.path("export");
    assertThat(export.path("name").asText()).isEqualTo("rich");
    pin(
        "plan",
        export,
        "name",
        "relation",
        "format",
        "compression",
        "destination",
        "chunkRows",
        "fetchSize",
        "parallelism",
        "rowGroupBytes",
        "onInfinity",
        "onZeroDate",
        "mode",
        "rotation",
        "retry",
        "pauseBetweenChunksMillis",
        "onSchemaDrift",
        "shapeDrift",
        "governor",
        "quality",
        "metaColumns",
        "memory",
        "readProtocol");
    pin("plan", export.path("relation"), "type", "sql");
    pin("plan", export.path("mode"), "type", "column", "by", "size", "count", "timeZone");
    pin(
        "plan",
        export.path("quality"),
        "rowCountMin",
        "rowCountMax",
        "rowCountChangeMax",
        "nullRatioMax",
        "uniqueColumns",
        "acceptedValues",
        "onFailure");
    pin("plan", export.path("metaColumns"), "exportedAt", "runId", "rowHash", "rowHashColumns");
    pin("plan", export.path("memory"), "budgetMb", "maxValueBytes");
    assertThat(export.path("readProtocol").asText()).isEqualTo("JDBC");
    assertThat(export.path("relation").path("sql").asText()).contains(TABLE);
    assertThat(export.path("metaColumns").path("rowHashColumns").get(0).asText()).isEqualTo("id");
  }

  @Test
  void checkShouldNameEveryNestedFieldInTheSectionJsonMdLinks() {
    JsonNode check =
        json(Cli.run("check", "-c", config.toString(), "--export", "items", "--output", "json"), 0);
    DocSection doc = DocSection.named("json.md", "check").linked("check.md");
    JsonNode export = check.path("exports").get(0);
    pin(
        doc,
        export,
        "export",
        "verdict",
        "mode",
        "strategy",
        "split_key",
        "chunks",
        "parallelism",
        "fetch_size",
        "memory_budget_bytes",
        "estimated_rows",
        "estimated_rows_per_chunk",
        "reasons",
        "cursor",
        "source",
        "explain",
        "findings",
        "recommended",
        "columns");
    pin(doc, export.path("cursor"), "column", "previous_mark", "new_mark");
    assertThat(export.path("columns")).isNotEmpty();
    for (JsonNode column : export.path("columns")) {
      pin(
          doc,
          column,
          "name",
          "source_type",
          "override",
          "output_type",
          "parquet",
          "csv",
          "fidelity",
          "reason");
    }
    JsonNode source = export.path("source");
    pin(
        doc,
        source,
        "product",
        "version",
        "table",
        "estimated_rows",
        "table_bytes",
        "average_row_bytes",
        "cache_bytes",
        "replica",
        "replica_lag_seconds",
        "read_only",
        "statement_timeout",
        "connections");
    pin(doc, source.path("statement_timeout"), "setting", "milliseconds", "applies_to");
    pin(doc, source.path("connections"), "free", "unknown_reason", "limits");
    for (JsonNode limit : source.path("connections").path("limits")) {
      pin(doc, limit, "name", "allowed", "open", "free");
    }
    assertThat(export.path("explain")).isNotEmpty();
    for (JsonNode explain : export.path("explain")) {
      pin(
          doc,
          explain,
          "chunk",
          "range",
          "sql",
          "top_node",
          "access",
          "full_scan",
          "index",
          "total_cost",
          "estimated_rows",
          "error");
    }
    pin(doc, export.path("recommended"), "profile", "parallelism", "reason");

    // Each finding's params: exactly what this export's findings carry, each in its code's row.
    DocSection parameters = doc.linked("#parameters");
    Map<String, List<String>> expected =
        Map.of(
            "missing_index", List.of("table", "key_role", "key", "chunks", "create_index"),
            "memory_budget", List.of("note"),
            "cursor_not_monotonic", List.of("key", "key_type"));
    List<String> codes = new ArrayList<>();
    for (JsonNode finding : export.path("findings")) {
      pin(doc, finding, "code", "severity", "message", "fix", "params");
      String code = finding.path("code").asText();
      codes.add(code);
      List<String> fields = new ArrayList<>();
      finding.path("params").fieldNames().forEachRemaining(fields::add);
      if (expected.containsKey(code)) {
        names(code, finding.path("params"), expected.get(code).toArray(String[]::new));
      }
      DocSection.assertNamed(
          "docs/check.md, Parameters, the row of `" + code + "`,",
          parameters.row(code),
          fields.toArray(String[]::new));
    }
    assertThat(codes).containsAll(expected.keySet());
    JsonNode note = findings(export, "memory_budget").path("params").path("note");
    names("memory_budget note", note, "code", "params");
    DocSection.assertNamed(
        "docs/check.md, Parameters, the row of `memory_budget`,",
        parameters.row("memory_budget"),
        "code",
        "params");

    assertThat(source.path("table").asText()).isEqualTo(TABLE);
    assertThat(source.path("estimated_rows").asLong()).isEqualTo(100);
    assertThat(export.path("cursor").path("previous_mark").asText()).isEqualTo("100");
  }

  @Test
  void validateShouldNameEveryNestedFieldInTheSectionJsonMdLinks() {
    JsonNode validate = json(Cli.run("validate", "-c", config.toString(), "--output", "json"), 0);
    DocSection doc = DocSection.named("json.md", "validate").linked("audit.md");
    assertThat(doc.heading()).isEqualTo("### validate");
    assertThat(validate.path("files")).isNotEmpty();
    for (JsonNode file : validate.path("files")) {
      pin(doc, file, "chunk", "file", "path", "status", "recorded", "found", "problems");
      pin(doc, file.path("recorded"), "rows", "bytes", "sha256");
      pin(doc, file.path("found"), "exists", "rows", "bytes", "sha256");
      assertThat(file.path("found").path("sha256")).isEqualTo(file.path("recorded").path("sha256"));
    }
    JsonNode totals = validate.path("totals");
    pin(doc, totals, "files", "matched", "mismatched", "recorded_rows", "rows_read");
    assertThat(validate.path("run_id").asText()).isEqualTo(runId);
    assertThat(totals.path("rows_read").asLong()).isEqualTo(sourceRows());
    assertThat(totals.path("recorded_rows").asLong()).isEqualTo(sourceRows());
  }

  @Test
  void reconcileShouldNameEveryNestedFieldInTheSectionJsonMdLinks() {
    JsonNode reconcile = json(Cli.run("reconcile", "-c", config.toString(), "--output", "json"), 0);
    DocSection doc = DocSection.named("json.md", "reconcile").linked("audit.md");
    assertThat(doc.heading()).isEqualTo("### reconcile");
    assertThat(reconcile.path("chunks")).isNotEmpty();
    for (JsonNode chunk : reconcile.path("chunks")) {
      pin(
          doc,
          chunk,
          "chunk",
          "range",
          "lower_inclusive",
          "upper_exclusive",
          "source_rows",
          "file_rows",
          "difference",
          "status");
    }
    JsonNode totals = reconcile.path("totals");
    pin(doc, totals, "chunks", "matched", "mismatched", "source_rows", "file_rows", "difference");
    doc.assertNames("note");
    assertThat(totals.path("source_rows").asLong()).isEqualTo(sourceRows());
    assertThat(totals.path("file_rows").asLong()).isEqualTo(sourceRows());
    assertThat(totals.path("difference").asLong()).isZero();
  }

  private static long sourceRows() {
    try (var c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id FROM " + TABLE).size();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode findings(JsonNode export, String code) {
    return StreamSupport.stream(export.path("findings").spliterator(), false)
        .filter(f -> f.path("code").asText().equals(code))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> values(JsonNode items, String field) {
    return StreamSupport.stream(items.spliterator(), false)
        .map(i -> i.path(field).asText())
        .toList();
  }
}
