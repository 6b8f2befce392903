package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.schema.ChangeKind;
import dev.rivet.state.RunStatus;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema drift against a real database: each change kind under each {@code on_schema_drift} policy,
 * a chunked parallel run, a {@code --worker} run, and runs planned under a schema the source no
 * longer has. The table is recreated with the changed columns between runs; every published run is
 * read back and compared with the source value by value.
 */
abstract class SchemaDriftContract {
  static final String EXPORT = "d";
  static final int SCHEMA_DRIFT_EXIT = 10;

  static final String V1 =
      "id bigint PRIMARY KEY, qty int, name varchar(50), price numeric(10,2), note varchar(20)";

  @TempDir Path dir;

  abstract String table();

  abstract void execute(String... statements) throws SQLException;

  abstract Connection connect() throws SQLException;

  abstract String sourceYaml();

  /** The column changes under test: the table's new columns, and the kinds expected. */
  enum Drift {
    ADDED(V1 + ", extra int", ChangeKind.ADDED),
    REMOVED(
        "id bigint PRIMARY KEY, qty int, name varchar(50), price numeric(10,2)",
        ChangeKind.REMOVED),
    WIDENED_INT(V1.replace("qty int", "qty bigint"), ChangeKind.RETYPED_WIDENING),
    WIDENED_VARCHAR(
        V1.replace("name varchar(50)", "name varchar(200)"), ChangeKind.RETYPED_WIDENING),
    NARROWED(V1.replace("name varchar(50)", "name varchar(10)"), ChangeKind.RETYPED_NARROWING),
    NULLABILITY(
        V1.replace("name varchar(50)", "name varchar(50) NOT NULL"),
        ChangeKind.NULLABILITY_CHANGED),
    REORDERED(
        "id bigint PRIMARY KEY, qty int, price numeric(10,2), name varchar(50), note varchar(20)",
        ChangeKind.REORDERED),
    RENAMED(V1.replace("note varchar(20)", "remark varchar(20)"), ChangeKind.POSSIBLY_RENAMED);

    final String columns;
    final ChangeKind kind;

    Drift(String columns, ChangeKind kind) {
      this.columns = columns;
      this.kind = kind;
    }
  }

  static Stream<Arguments> driftsAndPolicies() {
    List<Arguments> all = new ArrayList<>();
    for (Drift drift : Drift.values()) {
      for (String policy : List.of("warn", "continue", "fail")) {
        all.add(Arguments.of(drift, policy));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} under {1}")
  @MethodSource("driftsAndPolicies")
  void shouldClassifyEachDriftAndApplyThePolicy(Drift drift, String policy) throws Exception {
    recreate(V1, 20);
    Path config = config(policy, 1000, 1);
    Cli.Result first = run(config);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(summary(first).get("schema_changed").asBoolean()).isFalse();
    String acceptedFingerprint = newest().fingerprint();
    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), EXPORT));

    recreate(drift.columns, 25);
    Cli.Result second = run(config);

    if (policy.equals("fail")) {
      assertThat(second.exitCode()).as(second.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
      assertThat(second.err())
          .contains("the source schema changed since the accepted schema")
          .contains("on_schema_drift: fail")
          .contains("rivet state schema --accept " + EXPORT);
      assertThat(ExportedRows.runDirs(dir.resolve("out"), EXPORT))
          .containsExactlyInAnyOrderElementsOf(before);
      try (StateStore store = store()) {
        assertThat(store.runs(EXPORT, 1).get(0).status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(store.runs(EXPORT, 1).get(0).errorMessage())
            .startsWith("refused: the source schema changed (on_schema_drift: fail)");
        List<SchemaRecord> history = store.schemaHistory(EXPORT);
        assertThat(history.get(history.size() - 1).status()).isEqualTo(SchemaStatus.REJECTED);
      }
      Cli.Result shown = Cli.run("state", "schema", EXPORT, "-c", config.toString());
      assertThat(shown.out())
          .contains("recorded (in force)")
          .contains("rejected")
          .contains(kindWords(drift.kind));

      Cli.Result accepted = Cli.run("state", "schema", "--accept", EXPORT, "-c", config.toString());
      assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
      assertThat(accepted.out()).contains("accepted; its next run compares with it");
      Cli.Result third = run(config);
      assertThat(third.exitCode()).as(third.toString()).isZero();
      assertThat(summary(third).get("schema_changed").asBoolean()).isFalse();
      assertMatchesSource(ExportedRows.newRunDir(dir.resolve("out"), EXPORT, before), drift);
      return;
    }
    assertThat(second.exitCode()).as(second.toString()).isZero();
    JsonNode summary = summary(second);
    assertThat(summary.get("schema_changed").asBoolean()).isTrue();
    Set<String> kinds = new HashSet<>();
    summary.get("schema_changes").forEach(c -> kinds.add(c.get("kind").asText()));
    assertThat(kinds).containsExactly(drift.kind.wireValue());
    if (policy.equals("warn")) {
      assertThat(second.err())
          .contains("the source schema changed")
          .contains(kindWords(drift.kind));
    } else {
      assertThat(second.err()).doesNotContain("schema changed");
    }
    Path runDir = ExportedRows.newRunDir(dir.resolve("out"), EXPORT, before);
    assertMatchesSource(runDir, drift);
    SchemaRecord recorded = newest();
    assertThat(recorded.status()).isEqualTo(SchemaStatus.RECORDED);
    assertThat(recorded.runId()).isEqualTo(summary.get("run_id").asText());
    assertThat(recorded.fingerprint()).isNotEqualTo(acceptedFingerprint);
    assertThat(manifestFingerprint(runDir)).isEqualTo(recorded.fingerprint());

    // The new schema is the accepted one now: the next run finds no change.
    Cli.Result third = run(config);
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(summary(third).get("schema_changed").asBoolean()).isFalse();
  }

  @Test
  void shouldFailEveryRunUntilTheNewSchemaIsAccepted() throws Exception {
    recreate(V1, 10);
    Path config = config("fail", 1000, 1);
    assertThat(run(config).exitCode()).isZero();
    recreate(Drift.REMOVED.columns, 10);

    assertThat(run(config).exitCode()).isEqualTo(SCHEMA_DRIFT_EXIT);
    Cli.Result again = run(config);

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    assertThat(again.err()).doesNotContain("resuming");
    try (StateStore store = store()) {
      // One rejected version, however often the run is refused.
      assertThat(store.schemaHistory(EXPORT))
          .extracting(SchemaRecord::status)
          .containsExactly(SchemaStatus.RECORDED, SchemaStatus.REJECTED);
    }
  }

  @Test
  void shouldCheckAChunkedParallelRunBeforeReadingAnyChunk() throws Exception {
    recreate(V1, 3000);
    Path warn = config("warn", 250, 4);
    assertThat(run(warn).exitCode()).isZero();
    Set<Path> before = new HashSet<>(ExportedRows.runDirs(dir.resolve("out"), EXPORT));
    recreate(Drift.ADDED.columns, 3000);

    Files.writeString(dir.resolve("fail.yaml"), Files.readString(warn).replace("warn", "fail"));
    Cli.Result refused = run(dir.resolve("fail.yaml"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    assertThat(ExportedRows.runDirs(dir.resolve("out"), EXPORT))
        .containsExactlyInAnyOrderElementsOf(before);

    Cli.Result result = run(warn);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode summary = summary(result);
    assertThat(summary.get("chunks").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(summary.get("schema_changed").asBoolean()).isTrue();
    assertMatchesSource(ExportedRows.newRunDir(dir.resolve("out"), EXPORT, before), Drift.ADDED);
  }

  @Test
  void shouldCompareAWorkerPlanOnceWhenItIsPlanned() throws Exception {
    recreate(V1, 1000);
    Path config = config("warn", 200, 2);
    assertThat(run(config).exitCode()).isZero();
    recreate(Drift.WIDENED_INT.columns, 1000);

    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    assertThat(planned.err()).contains("column 'qty' retyped").contains("(widening)");
    String runId = planned.out().split("\\s+")[3];
    Cli.Result worker =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "w1");

    assertThat(worker.exitCode()).as(worker.toString()).isZero();
    assertThat(worker.out()).contains("published the run");
    Path runDir = dir.resolve("out").resolve(EXPORT).resolve(runId);
    assertMatchesSource(runDir, Drift.WIDENED_INT);
    SchemaRecord recorded = newest();
    assertThat(recorded.runId()).isEqualTo(runId);
    assertThat(manifestFingerprint(runDir)).isEqualTo(recorded.fingerprint());
  }

  @Test
  void shouldStopEveryWorkerOfAPlanWhoseSourceSchemaChanged() throws Exception {
    recreate(V1, 1000);
    Path config = config("warn", 200, 2);
    Cli.Result planned = Cli.run("plan", "-c", config.toString());
    String runId = planned.out().split("\\s+")[3];
    recreate(Drift.NARROWED.columns, 1000);

    Cli.Result first =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "a");
    Cli.Result second =
        Cli.run("run", "-c", config.toString(), "--plan", runId, "--worker", "--worker-id", "b");

    assertThat(first.exitCode()).as(first.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    assertThat(first.err()).contains("was planned under another source schema");
    assertThat(second.exitCode()).as(second.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    try (StateStore store = store()) {
      assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
      assertThat(store.run(runId).orElseThrow().errorClass()).isEqualTo("SCHEMA_DRIFT");
    }
    assertThat(dir.resolve("out").resolve(EXPORT).resolve(runId).resolve("_SUCCESS"))
        .doesNotExist();
  }

  @Test
  void shouldAbandonAStoredPlanWhosePlannedColumnWasDropped() throws Exception {
    recreate(V1, 10);
    Path config = config("warn", 1000, 1);
    String runId = Cli.run("plan", "-c", config.toString()).out().split("\\s+")[3];
    recreate(Drift.REMOVED.columns, 10);

    Cli.Result result = Cli.run("run", "-c", config.toString(), "--plan", runId);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    assertThat(result.err())
        .contains("run " + runId + " of export '" + EXPORT + "' was planned under another")
        .contains("column 'note' removed")
        .contains("plan again");
    try (StateStore store = store()) {
      assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"warn", "fail"})
  void shouldEndTheAutoResumeLoopOfARunWhosePlannedColumnWasDropped(String policy)
      throws Exception {
    recreate(V1, 10);
    Path config = config(policy, 1000, 1);
    assertThat(run(config).exitCode()).isZero();
    String runId = Cli.run("plan", "-c", config.toString()).out().split("\\s+")[3];
    recreate(Drift.REMOVED.columns, 10);
    // As a chunk that read the dropped column leaves it: FAILED, so a plain run resumes it.
    try (StateStore store = store()) {
      store.runStarted(runId, "direct");
      store.runFailed(runId, "USER_CONFIG", "column \"note\" does not exist");
    }

    Cli.Result result = run(config);

    assertThat(result.err())
        .contains("unfinished run " + runId + " was planned under another source schema")
        .doesNotContain("resuming unfinished run");
    try (StateStore store = store()) {
      assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
      assertThat(store.run(runId).orElseThrow().errorMessage()).contains("column 'note' removed");
    }
    Cli.Result next = run(config);
    assertThat(next.err()).doesNotContain("resuming unfinished run");
    if (policy.equals("fail")) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
      assertThat(next.exitCode()).as(next.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
      assertThat(next.err()).contains("rivet state schema --accept " + EXPORT);
    } else {
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(summary(result).get("schema_changed").asBoolean()).isTrue();
      assertThat(next.exitCode()).as(next.toString()).isZero();
      assertMatchesSource(
          dir.resolve("out").resolve(EXPORT).resolve(summary(next).get("run_id").asText()),
          Drift.REMOVED);
    }
  }

  @Test
  void shouldCheckAnExportToStandardOutputBeforeWritingAByte() throws Exception {
    recreate(V1, 30);
    Path fail = config("fail", 1000, 1);
    Files.writeString(fail, Files.readString(fail).replace("destination: out", "destination: '-'"));
    Path warn = dir.resolve("stdout-warn.yaml");
    Files.writeString(warn, Files.readString(fail).replace("fail", "warn"));
    Cli.Result first = Cli.run("run", "-c", fail.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    recreate(Drift.ADDED.columns, 30);

    Cli.Result refused = Cli.run("run", "-c", fail.toString());
    Cli.Result warned = Cli.run("run", "-c", warn.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(SCHEMA_DRIFT_EXIT);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("column 'extra' added at position 6");
    assertThat(warned.exitCode()).as(warned.toString()).isZero();
    assertThat(warned.err())
        .contains("column 'extra' added at position 6")
        .contains("schema changed: 1 change(s) since the accepted schema");
    Path csv = Files.writeString(dir.resolve("stdout.csv"), warned.out());
    List<String> columns = columnNames(Drift.ADDED.columns);
    List<String> streamed = new ArrayList<>(ExportedRows.csvFile(csv, columns));
    streamed.sort(null);
    try (Connection db = connect()) {
      assertThat(streamed)
          .hasSize(30)
          .isEqualTo(
              ExportedRows.query(db, "SELECT " + String.join(", ", columns) + " FROM " + table()));
    }
  }

  @Test
  void shouldExplainWhatToDoWhenThereIsNothingToAcceptOrNoExportIsNamed() throws Exception {
    recreate(V1, 3);
    Path config = config("fail", 1000, 1);

    Cli.Result nothing = Cli.run("state", "schema", "--accept", EXPORT, "-c", config.toString());
    Cli.Result unnamed = Cli.run("state", "schema", "-c", config.toString());
    Cli.Result unknown = Cli.run("state", "schema", "nope", "-c", config.toString());
    Cli.Result empty = Cli.run("state", "schema", EXPORT, "-c", config.toString());

    assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(2);
    assertThat(nothing.err())
        .contains("export 'd' has no recorded schema; nothing to accept")
        .contains("run the export");
    assertThat(unnamed.exitCode()).as(unnamed.toString()).isEqualTo(2);
    assertThat(unnamed.err()).contains("name one export");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("nope");
    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.out()).contains("export d has no recorded schema yet");

    assertThat(run(config).exitCode()).isZero();
    Cli.Result again = Cli.run("state", "schema", "--accept", EXPORT, "-c", config.toString());
    assertThat(again.out()).contains("the newest schema is already accepted; nothing changed");
    assertThat(Cli.run("state", "schema", EXPORT, "-c", config.toString()).out())
        .contains("recorded (in force)")
        .contains("first schema");
  }

  // --- helpers

  private Cli.Result run(Path config) {
    return Cli.run("run", "-c", config.toString(), "--output", "json");
  }

  private static JsonNode summary(Cli.Result result) throws Exception {
    return new ObjectMapper().readTree(result.out()).get("runs").get(0);
  }

  private static String kindWords(ChangeKind kind) {
    switch (kind) {
      case ADDED:
        return "added at position";
      case REMOVED:
        return "removed (was at position";
      case RETYPED_WIDENING:
        return "(widening)";
      case RETYPED_NARROWING:
        return "(narrowing or incompatible)";
      case NULLABILITY_CHANGED:
        return "no longer allows NULL";
      case REORDERED:
        return "moved from position";
      default:
        return "possibly renamed to 'remark'";
    }
  }

  private SchemaRecord newest() {
    try (StateStore store = store()) {
      List<SchemaRecord> history = store.schemaHistory(EXPORT);
      return history.get(history.size() - 1);
    }
  }

  private StateStore store() {
    return StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  private static String manifestFingerprint(Path runDir) throws Exception {
    return new ObjectMapper()
        .readTree(runDir.resolve("manifest.json").toFile())
        .get("schema_fingerprint")
        .asText();
  }

  private void assertMatchesSource(Path runDir, Drift drift) throws Exception {
    assertThat(runDir.resolve("_SUCCESS")).exists();
    List<String> columns = columnNames(drift.columns);
    try (Connection db = connect()) {
      List<String> source =
          ExportedRows.query(db, "SELECT " + String.join(", ", columns) + " FROM " + table());
      assertThat(ExportedRows.csv(runDir, columns)).isNotEmpty().isEqualTo(source);
    }
  }

  private static List<String> columnNames(String columns) {
    return Stream.of(columns.split(", ")).map(c -> c.trim().split(" ")[0]).toList();
  }

  private void recreate(String columns, int rows) throws SQLException {
    List<String> names = columnNames(columns);
    List<String> statements = new ArrayList<>();
    statements.add("DROP TABLE IF EXISTS " + table());
    statements.add("CREATE TABLE " + table() + " (" + columns + ")");
    for (int from = 1; from <= rows; from += 500) {
      StringBuilder insert =
          new StringBuilder(
              "INSERT INTO " + table() + " (" + String.join(", ", names) + ") VALUES ");
      for (int i = from; i < Math.min(from + 500, rows + 1); i++) {
        insert.append(i == from ? "(" : ", (");
        List<String> values = new ArrayList<>();
        for (String name : names) {
          values.add(value(name, i));
        }
        insert.append(String.join(", ", values)).append(")");
      }
      statements.add(insert.toString());
    }
    execute(statements.toArray(String[]::new));
  }

  private static String value(String column, int i) {
    switch (column) {
      case "id":
        return String.valueOf(i);
      case "qty":
        return String.valueOf(i * 2);
      case "price":
        return i + ".25";
      case "extra":
        return i % 7 == 0 ? "NULL" : String.valueOf(i * 3);
      default:
        return i % 5 == 0 && !column.equals("name") ? "NULL" : "'" + column.charAt(0) + i + "'";
    }
  }

  private Path config(String policy, int chunkRows, int parallelism) throws Exception {
    return Files.writeString(
        dir.resolve("rivet-" + policy + ".yaml"),
        sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: "
            + EXPORT
            + "\n    table: "
            + table()
            + "\n    format: csv\n    compression: none\n    destination: out\n"
            + "    chunk_rows: "
            + chunkRows
            + "\n    parallelism: "
            + parallelism
            + "\n    on_schema_drift: "
            + policy
            + "\n");
  }
}
