package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.JsonPins.json;
import static dev.rivet.launcher.e2e.JsonPins.pin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --output json} on a real state store (PostgreSQL source, SQLite store):
 * one document on standard output, its {@code command} and {@code schema_version}, the exact set of
 * its top-level and key nested field names, each of them named in its section of docs/json.md; and
 * every failure under {@code --output json}, usage errors included, as one error object.
 */
class JsonOutputEndToEndTest {
  private static final String SCHEMA = "json_e2e_shapes";
  private static final String TABLE = SCHEMA + ".items";

  @TempDir static Path dir;
  private static Path config;
  private static JsonNode runDocument;
  private static JsonNode planDocument;
  private static String runId;
  private static String planId;

  @BeforeAll
  static void runAndPlan() throws Exception {
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
                + "    mode: incremental\n    cursor: {column: seq, type: int}\n");
    runDocument = json(Cli.run("run", "-c", config.toString(), "--output", "json"), 0);
    runId = runDocument.path("runs").get(0).path("run_id").asText();
    planDocument = json(Cli.run("plan", "-c", config.toString(), "--output", "json"), 0);
    // The plan format keeps the field names of its records (runId), older than this document.
    planId = planDocument.path("plans").get(0).path("runId").asText();
    assertThat(planId).as(planDocument.toString()).isNotEmpty();
    // A lease another process holds, on an export of no config: what `state leases` lists.
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      store.acquireLease("json_probe", "probehost:4242", Duration.ofHours(1));
    }
  }

  @Test
  void runShouldPrintEachSummaryAndWriteExactlyTheSourceRows() throws Exception {
    pin("run", runDocument, "command", "schema_version", "runs");
    JsonNode run = runDocument.path("runs").get(0);
    pin(
        "run",
        run,
        "export",
        "run_id",
        "status",
        "runner",
        "rows",
        "files",
        "bytes",
        "chunks",
        "retries",
        "retries_by_class",
        "warnings",
        "duration_seconds",
        "rows_per_second",
        "output",
        "rows_validated",
        "verdict",
        "schema_changed",
        "shape_drift");
    // 100 rows under the default profile: too short for its relative threshold, so no governor.
    assertThat(run.has("governor")).isFalse();
    assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
    List<String> source;
    try (var c = TestDatabase.connect()) {
      source = ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
    assertThat(run.path("rows").asLong()).isEqualTo(source.size());
    assertThat(ExportedRows.csv(Path.of(run.path("output").asText()), CsvExports.ID_NOTE))
        .isEqualTo(source);
  }

  @Test
  void planShouldPrintEachStoredPlan() {
    pin("plan", planDocument, "command", "schema_version", "plans");
    assertThat(planDocument.path("plans").get(0).path("format_version").asInt()).isEqualTo(2);
  }

  @Test
  void stateRunsShouldKeepNeverRunPlansApart() {
    JsonNode runs = ok("state", "runs");
    pin("state runs", runs, "command", "schema_version", "plans_shown", "plans_hidden", "runs");
    assertThat(runs.path("plans_hidden").asInt()).isEqualTo(1);
    assertThat(ids(runs.path("runs"))).containsExactly(runId);
    pin(
        "state runs",
        runs.path("runs").get(0),
        "run_id",
        "export",
        "status",
        "plan_only",
        "runner",
        "chunks",
        "rows",
        "files",
        "bytes",
        "created_at",
        "started_at",
        "finished_at",
        "error_class",
        "error_message");
    assertThat(runs.path("runs").get(0).path("rows").asLong()).isEqualTo(100);

    JsonNode all = ok("state", "runs", "--plans");
    assertThat(all.path("plans_hidden").asInt()).isZero();
    assertThat(ids(all.path("runs"))).containsExactly(planId, runId);
    assertThat(all.path("runs").get(0).path("plan_only").asBoolean()).isTrue();
    assertThat(all.path("runs").get(0).path("status").asText()).isEqualTo("PLANNED");
    assertThat(all.path("runs").get(1).path("plan_only").asBoolean()).isFalse();

    Cli.Result text = Cli.run("state", "runs", "-c", config.toString());
    assertThat(text.out()).doesNotContain(planId).contains(runId);
    assertThat(text.err()).contains("note: 1 plan(s) that never ran not shown; --plans lists them");
    Cli.Result textAll = Cli.run("state", "runs", "-c", config.toString(), "--plans");
    assertThat(textAll.out().lines().filter(l -> l.startsWith(planId)).findFirst().orElseThrow())
        .contains("PLAN (not run)");
  }

  @Test
  void stateChunksAndFilesShouldAddUpToTheSourceRows() throws Exception {
    JsonNode chunks = ok("state", "chunks", "--run", runId);
    pin("state chunks", chunks, "command", "schema_version", "run_id", "chunks");
    assertThat(chunks.path("chunks"))
        .hasSize(runDocument.path("runs").get(0).path("chunks").asInt());
    pin(
        "state chunks",
        chunks.path("chunks").get(0),
        "chunk",
        "range",
        "lower_inclusive",
        "upper_exclusive",
        "status",
        "attempts",
        "rows",
        "started_at",
        "finished_at",
        "error_class",
        "error_message",
        "failed_attempts");
    assertThat(sum(chunks.path("chunks"), "rows")).isEqualTo(100);

    JsonNode files = ok("state", "files", "--run", runId);
    pin("state files", files, "command", "schema_version", "run_id", "files");
    pin(
        "state files",
        files.path("files").get(0),
        "chunk",
        "file",
        "rows",
        "bytes",
        "sha256",
        "path");
    assertThat(sum(files.path("files"), "rows")).isEqualTo(100);
    for (JsonNode file : files.path("files")) {
      assertThat(Files.size(Path.of(file.path("path").asText())))
          .isEqualTo(file.path("bytes").asLong());
    }

    JsonNode orphans = ok("state", "files", "--run", runId, "--orphans");
    pin(
        "state files",
        orphans,
        "command",
        "schema_version",
        "run_id",
        "folder",
        "deleted",
        "orphans");
    assertThat(orphans.path("orphans")).isEmpty();
  }

  @Test
  void stateCursorsLeasesSchemaAndShapeShouldPrintTheirRecords() {
    JsonNode cursors = ok("state", "cursors");
    pin("state cursors", cursors, "command", "schema_version", "cursors");
    JsonNode mark = cursors.path("cursors").get(0);
    pin("state cursors", mark, "export", "cursor", "type", "mark", "run_id", "updated_at");
    assertThat(mark.path("mark").asText()).isEqualTo("100");
    assertThat(mark.path("run_id").asText()).isEqualTo(runId);

    JsonNode leases = ok("state", "leases");
    pin("state leases", leases, "command", "schema_version", "leases");
    pin(
        "state leases",
        leases.path("leases").get(0),
        "export",
        "holder",
        "acquired_at",
        "expires_at",
        "expired");
    assertThat(leases.path("leases").get(0).path("holder").asText()).isEqualTo("probehost:4242");

    JsonNode schema = ok("state", "schema", "items");
    pin("state schema", schema, "command", "schema_version", "export", "versions");
    pin(
        "state schema",
        schema.path("versions").get(0),
        "version",
        "status",
        "in_force",
        "run_id",
        "recorded_at",
        "fingerprint",
        "changes");

    JsonNode shape = ok("state", "shape", "items");
    pin("state shape", shape, "command", "schema_version", "export", "runs");
    pin("state shape", shape.path("runs").get(0), "run_id", "finished_at", "rows", "columns");
    pin(
        "state shape",
        shape.path("runs").get(0).path("columns").get(0),
        "column",
        "nulls",
        "null_ratio",
        "max_bytes",
        "max_chars");
    assertThat(shape.path("runs").get(0).path("rows").asLong()).isEqualTo(100);

    for (String command : List.of("init", "migrate")) {
      JsonNode upgrade = ok("state", command);
      pin(
          "state " + command,
          upgrade,
          "command",
          "schema_version",
          "store",
          "action",
          "from_store_version",
          "store_version");
      assertThat(upgrade.path("action").asText()).isEqualTo("current");
    }
  }

  @Test
  void stateExportImportResetAcceptAndPruneShouldPrintWhatTheyDid() throws Exception {
    Path dump = dir.resolve("dump.json");
    JsonNode exported = ok("state", "export", "-f", dump.toString());
    pin(
        "state export",
        exported,
        "command",
        "schema_version",
        "store",
        "file",
        "format",
        "dump_schema_version",
        "counts",
        "leases_not_exported");
    assertThat(exported.path("counts").path("runs").asInt()).isEqualTo(2);
    pin("state export", exported.path("leases_not_exported").get(0), "export", "holder");

    Path copy =
        Files.writeString(
            dir.resolve("copy.yaml"),
            Files.readString(config).replace("state: state.db", "state: copy.db"));
    JsonNode imported = json(run(copy, "state", "import", "-f", dump.toString()), 0);
    pin("state import", imported, "command", "schema_version", "store", "file", "dump", "counts");
    pin(
        "state import",
        imported.path("dump"),
        "schema_version",
        "store_kind",
        "store_version",
        "exported_at");
    assertThat(imported.path("counts")).isEqualTo(exported.path("counts"));

    JsonNode reset = json(run(copy, "state", "cursors", "--reset", "items"), 0);
    pin("state cursors", reset, "command", "schema_version", "reset");
    pin("state cursors", reset.path("reset"), "export", "forgotten");
    assertThat(reset.path("reset").path("forgotten").asBoolean()).isTrue();

    JsonNode accepted = json(run(copy, "state", "schema", "--accept", "items"), 0);
    pin("state schema", accepted, "command", "schema_version", "export", "accepted");

    JsonNode dry = json(run(copy, "state", "prune", "--older-than", "0s"), 0);
    pin(
        "state prune",
        dry,
        "command",
        "schema_version",
        "older_than",
        "deleted",
        "removed",
        "runs");
    // The plan goes; the run that published, set the mark and introduced the schema stays.
    assertThat(ids(dry.path("runs"))).containsExactly(planId);
    pin(
        "state prune",
        dry.path("runs").get(0),
        "run_id",
        "export",
        "status",
        "plan_only",
        "created_at");
    assertThat(dry.path("runs").get(0).path("plan_only").asBoolean()).isTrue();
    assertThat(ids(json(run(copy, "state", "runs", "--plans"), 0).path("runs")))
        .containsExactly(planId, runId);
    JsonNode pruned = json(run(copy, "state", "prune", "--older-than", "0s", "--delete"), 0);
    assertThat(pruned.path("removed").asInt()).isEqualTo(1);
    assertThat(ids(json(run(copy, "state", "runs", "--plans"), 0).path("runs")))
        .containsExactly(runId);
  }

  @Test
  void auditCheckDoctorAndMetricsShouldCarryTheirVersion() {
    JsonNode validate = json(Cli.run("validate", "-c", config.toString(), "--output", "json"), 0);
    pin(
        "validate",
        validate,
        "command",
        "schema_version",
        "run_id",
        "export",
        "format",
        "run_directory",
        "verdict",
        "exit_code",
        "files",
        "run_problems",
        "totals");
    assertThat(validate.path("run_id").asText()).isEqualTo(runId);

    JsonNode reconcile = json(Cli.run("reconcile", "-c", config.toString(), "--output", "json"), 0);
    pin(
        "reconcile",
        reconcile,
        "command",
        "schema_version",
        "run_id",
        "export",
        "source",
        "split_key",
        "verdict",
        "exit_code",
        "chunks",
        "totals",
        "note");

    JsonNode check = json(Cli.run("check", "-c", config.toString(), "--output", "json"), 0);
    pin("check", check, "command", "schema_version", "exports", "verdict", "exit_code");

    JsonNode doctor = json(Cli.run("doctor", "-c", config.toString(), "--output", "json"), 0);
    pin("doctor", doctor, "command", "schema_version", "checks", "verdict", "exit_code");
    pin("doctor", doctor.path("checks").get(0), "name", "status", "detail", "hint");

    JsonNode metrics = json(Cli.run("metrics", "-c", config.toString(), "--output", "json"), 0);
    pin("metrics", metrics, "command", "schema_version", "runs", "exports");
    assertThat(ids(metrics.path("runs"))).containsExactly(runId);
    pin(
        "metrics",
        metrics.path("runs").get(0),
        "run_id",
        "export",
        "status",
        "rows",
        "files",
        "bytes",
        "chunks",
        "started_at",
        "finished_at",
        "duration_seconds",
        "rows_per_second",
        "bytes_per_second",
        "error_class");
    pin(
        "metrics",
        metrics.path("exports").path("items"),
        "runs",
        "succeeded",
        "failed",
        "rows_succeeded",
        "rows_per_second");
    assertThat(metrics.path("runs").get(0).path("rows").asLong()).isEqualTo(100);
  }

  @Test
  void initShouldPrintTheExportsItWrote() throws Exception {
    Path written = dir.resolve("init.yaml");
    JsonNode init =
        json(
            Cli.run(
                "init",
                "--source",
                TestDatabase.URL,
                "--user",
                TestDatabase.USER,
                "--schema",
                SCHEMA,
                "-c",
                written.toString(),
                "--output",
                "json"),
            0);
    pin("init", init, "command", "schema_version", "file", "exports");
    JsonNode export = init.path("exports").get(0);
    pin("init", export, "name", "table", "mode", "verdict", "commented_out", "columns_to_review");
    assertThat(export.path("table").asText()).isEqualTo(TABLE);
    assertThat(Files.readString(written)).contains("name: items");
  }

  @Test
  void everyFailureShouldBeOneErrorObjectWithItsExitCode() {
    // Usage errors: an unknown option, a missing required option, a bad value.
    assertError(
        Cli.run("state", "runs", "-c", config.toString(), "--bogus", "--output", "json"),
        "state runs",
        2,
        "--bogus");
    assertError(
        Cli.run("state", "prune", "-c", config.toString(), "--output=json"),
        "state prune",
        2,
        "--older-than");
    assertError(
        Cli.run("state", "runs", "-c", config.toString(), "--limit", "many", "--output", "json"),
        "state runs",
        2,
        "many");
    // A config that cannot be loaded.
    assertError(
        Cli.run(
            "state", "leases", "-c", dir.resolve("missing.yaml").toString(), "--output", "json"),
        "state leases",
        2,
        "missing.yaml");
    // A run or export that is not there: named in the error.
    JsonNode noRun =
        assertError(
            Cli.run("validate", "-c", config.toString(), "--run", "nope", "--output", "json"),
            "validate",
            2,
            "nope");
    assertThat(noRun.path("error").path("run").asText()).isEqualTo("nope");
    JsonNode noExport =
        assertError(
            Cli.run("plan", "-c", config.toString(), "--export", "nosuch", "--output", "json"),
            "plan",
            2,
            "nosuch");
    assertThat(noExport.path("error").path("export").asText()).isEqualTo("nosuch");
    // The state store refuses: exit code 6.
    Path broken = dir.resolve("broken.yaml");
    try {
      Files.writeString(dir.resolve("broken.db"), "not a database");
      Files.writeString(
          broken, Files.readString(config).replace("state: state.db", "state: broken.db"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertError(
        Cli.run("state", "cursors", "-c", broken.toString(), "--output", "json"),
        "state cursors",
        6,
        "broken.db");
  }

  private static JsonNode assertError(
      Cli.Result result, String command, int exitCode, String named) {
    JsonNode error = json(result, exitCode);
    pin("errors", error, "command", "schema_version", "error");
    pin("errors", error.path("error"), "kind", "exit_code", "message", "hint", "export", "run");
    assertThat(error.path("command").asText()).isEqualTo(command);
    assertThat(error.path("error").path("exit_code").asInt()).isEqualTo(exitCode);
    assertThat(error.path("error").path("message").asText()).contains(named);
    assertThat(result.err())
        .as("the text error still goes to standard error")
        .contains("rivet: error:");
    return error;
  }

  private static JsonNode ok(String... args) {
    return json(run(config, args), 0);
  }

  private static Cli.Result run(Path cfg, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", cfg.toString(), "--output", "json"));
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<String> ids(JsonNode runs) {
    return StreamSupport.stream(runs.spliterator(), false)
        .map(r -> r.path("run_id").asText())
        .toList();
  }

  private static long sum(JsonNode items, String field) {
    long total = 0;
    for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
      total += it.next().path(field).asLong();
    }
    return total;
  }
}
