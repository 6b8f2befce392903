package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet check} on real PostgreSQL and MariaDB tables: verdicts, exit codes, the JSON
 * document, and that it stores nothing.
 */
@Timeout(180)
class CheckEndToEndTest {
  private static final String INDEXED = "check_cli_indexed";
  private static final String PLAIN = "check_cli_plain";
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    for (String table : List.of(INDEXED, PLAIN)) {
      TestDatabase.execute(
          "DROP TABLE IF EXISTS " + table,
          "CREATE TABLE "
              + table
              + " (id bigint PRIMARY KEY, updated_at timestamp NOT NULL, payload text)",
          "INSERT INTO "
              + table
              + " SELECT g, timestamp '2026-01-01' + g * interval '10 minutes', 'p' || g"
              + " FROM generate_series(1, "
              + ROWS
              + ") g",
          "ANALYZE " + table);
      TestMariaDb.execute(
          "DROP TABLE IF EXISTS " + table,
          "CREATE TABLE "
              + table
              + " (id bigint PRIMARY KEY, updated_at datetime NOT NULL, payload varchar(20))",
          "INSERT INTO "
              + table
              + " SELECT seq, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq * 10 MINUTE,"
              + " CONCAT('p', seq) FROM seq_1_to_"
              + ROWS,
          "ANALYZE TABLE " + table);
    }
    TestDatabase.execute("CREATE INDEX ON " + INDEXED + " (updated_at)");
    TestMariaDb.execute("CREATE INDEX updated_at_idx ON " + INDEXED + " (updated_at)");
  }

  @AfterAll
  static void dropTables() throws Exception {
    for (String table : List.of(INDEXED, PLAIN)) {
      TestDatabase.execute("DROP TABLE IF EXISTS " + table);
      TestMariaDb.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private Path config(String source, String exports) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"), source + "state: state.db\nexports:\n" + exports);
  }

  private static String export(String name, String table, String... lines) {
    StringBuilder yaml =
        new StringBuilder("  - name: ")
            .append(name)
            .append("\n    table: ")
            .append(table)
            .append("\n    destination: out\n    format: csv\n    compression: none\n");
    for (String line : lines) {
      yaml.append("    ").append(line).append('\n');
    }
    return yaml.toString();
  }

  private static final String INCREMENTAL_PLAIN =
      export(
          "events",
          PLAIN,
          "mode: incremental",
          "cursor: {column: updated_at, type: timestamp, lookback: 5 minutes}");

  private static final String FULL_INDEXED =
      export("orders", INDEXED, "chunk_rows: 2000", "fetch_size: 1000");

  @Test
  void shouldJudgeEveryExportInTheDocumentedJsonDocumentAndStoreNothing() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), FULL_INDEXED + INCREMENTAL_PLAIN);

    Cli.Result result = Cli.run("check", "-c", config.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("command").asText()).isEqualTo("check");
    assertThat(root.get("schema_version").asInt()).isEqualTo(1);
    assertThat(root.get("verdict").asText()).isEqualTo("DEGRADED");
    assertThat(root.get("exit_code").asInt()).isZero();
    assertThat(root.get("exports")).hasSize(2);

    JsonNode safe = root.get("exports").get(0);
    assertThat(safe.get("export").asText()).isEqualTo("orders");
    assertThat(safe.get("verdict").asText()).isEqualTo("SAFE");
    assertThat(safe.get("strategy").asText()).isEqualTo("chunked_by_key");
    assertThat(safe.get("chunks").asInt()).isEqualTo(10);
    assertThat(safe.get("estimated_rows_per_chunk").asLong()).isEqualTo(2_000);
    assertThat(safe.get("reasons").get(0).asText()).startsWith("split on primary key id");
    JsonNode source = safe.get("source");
    assertThat(source.get("product").asText()).isEqualTo("PostgreSQL");
    assertThat(source.get("version").asText()).isNotBlank();
    assertThat(source.get("table").asText()).isEqualTo(INDEXED);
    assertThat(source.get("estimated_rows").asLong()).isEqualTo(ROWS);
    assertThat(source.get("table_bytes").asLong()).isPositive();
    assertThat(source.get("replica").asBoolean()).isFalse();
    assertThat(source.get("statement_timeout").get("setting").asText())
        .isEqualTo("statement_timeout");
    assertThat(source.get("statement_timeout").get("milliseconds").asLong()).isZero();
    assertThat(source.get("statement_timeout").get("applies_to").asText()).isEqualTo("fetch");
    assertThat(source.get("connections").get("free").asLong()).isPositive();
    assertThat(source.get("connections").get("limits").get(0).get("name").asText())
        .startsWith("max_connections");
    assertThat(safe.get("explain")).hasSize(2);
    for (JsonNode explain : safe.get("explain")) {
      assertThat(explain.get("access").asText()).isEqualTo("index_range");
      assertThat(explain.get("full_scan").asBoolean()).isFalse();
      assertThat(explain.get("index").asText()).isEqualTo(INDEXED + "_pkey");
      assertThat(explain.get("top_node").asText()).isEqualTo("Index Scan");
      assertThat(explain.get("total_cost").asDouble()).isPositive();
      assertThat(explain.get("sql").asText()).contains("FROM \"" + INDEXED + "\"");
    }
    assertThat(safe.get("explain").get(1).get("range").asText()).isEqualTo("[10001, 12001)");
    assertThat(safe.get("findings")).isEmpty();
    assertThat(safe.get("recommended").get("profile").asText()).isEqualTo("balanced");
    assertThat(safe.get("recommended").get("parallelism").asInt()).isEqualTo(2);
    assertThat(safe.get("recommended").get("reason").asText()).isNotBlank();

    JsonNode degraded = root.get("exports").get(1);
    assertThat(degraded.get("verdict").asText()).isEqualTo("DEGRADED");
    assertThat(degraded.get("strategy").asText()).isEqualTo("incremental_by_cursor");
    assertThat(degraded.get("cursor").get("previous_mark").isNull()).isTrue();
    assertThat(degraded.get("explain").get(0).get("access").asText()).isEqualTo("full_scan");
    JsonNode finding = degraded.get("findings").get(0);
    assertThat(finding.get("code").asText()).isEqualTo("missing_index");
    assertThat(finding.get("severity").asText()).isEqualTo("WARN");
    assertThat(finding.get("message").asText()).contains("updated_at");
    String createIndex =
        "CREATE INDEX CONCURRENTLY \""
            + PLAIN
            + "_updated_at_idx\" ON \""
            + PLAIN
            + "\" (\"updated_at\")";
    assertThat(finding.get("fix").asText()).isEqualTo("needs index: " + createIndex);
    JsonNode params = finding.get("params");
    assertThat(params.get("table").asText()).isEqualTo(PLAIN);
    assertThat(params.get("key_role").asText()).isEqualTo("cursor");
    assertThat(params.get("key").asText()).isEqualTo("updated_at");
    assertThat(params.get("chunks").asInt()).isEqualTo(1);
    assertThat(params.get("create_index").asText()).isEqualTo(createIndex);
    assertThat(degraded.get("recommended").get("profile").asText()).isEqualTo("safe");

    assertThat(dir.resolve("state.db")).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldExitNineAndSayWhyWhenAnExportIsUnsafe() throws Exception {
    Path config =
        config(
            TestDatabase.sourceYaml(),
            FULL_INDEXED
                + export(
                    "greedy", INDEXED, "chunk_rows: 100", "fetch_size: 100", "parallelism: 1000"));

    Cli.Result result = Cli.run("check", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
    assertThat(result.out())
        .contains("export orders  SAFE")
        .contains("export greedy  UNSAFE")
        .contains("CRITICAL parallelism_above_free_connections: parallelism 1000 is above")
        .contains("fix: set parallelism to at most")
        .contains("recommended: profile safe, parallelism 1")
        .contains("explain:     chunk 0 (-inf, 101): Index Scan, index_range")
        .endsWith("verdict: UNSAFE (exit 9)\n");
  }

  @Test
  void shouldShowTheGovernorSettingsInForce() throws Exception {
    Path config =
        config(
            TestDatabase.sourceYaml(),
            FULL_INDEXED
                + export("safe", INDEXED, "tuning: {profile: safe}")
                + export(
                    "limited",
                    INDEXED,
                    "tuning: {max_source_latency: 300ms, max_rows_per_second: 5000}")
                + export("twice", INDEXED, "tuning: {max_source_latency: 2x}")
                + export("off", INDEXED, "tuning: {max_source_latency: 0, yield_to_sessions: 0}"));

    Cli.Result result = Cli.run("check", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String relative = "(of the probe's latency measured before reading)";
    String probe = "; one extra connection probes the source, the read rate follows it";
    assertThat(result.out())
        .contains(
            "  governor:    max_source_latency 2x " + relative + ", yield_to_sessions 2" + probe)
        .contains(
            "  governor:    max_source_latency 1.3x "
                + relative
                + ", max_replica_lag 30s, max_rows_per_second 10,000"
                + probe)
        .contains(
            "  governor:    max_source_latency 300ms, max_rows_per_second 5,000,"
                + " yield_to_sessions 2"
                + probe)
        .contains("  governor:    yield_to_sessions 2; no probe\n")
        .contains("  governor:    off (no probe, no rate limit)");
    // The default profile has no probe, only yield_to_sessions (looked at once, at plan time):
    // the first export's block says so.
    String first = result.out().substring(0, result.out().indexOf("export safe"));
    assertThat(first).contains("  governor:    yield_to_sessions 2; no probe\n");
  }

  @Test
  void shouldCheckOnlyTheNamedExport() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), FULL_INDEXED + INCREMENTAL_PLAIN);

    Cli.Result result =
        Cli.run("check", "-c", config.toString(), "--export", "orders", "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("exports")).hasSize(1);
    assertThat(root.get("verdict").asText()).isEqualTo("SAFE");
  }

  @Test
  void shouldRejectChunksLongerThanTheStatementTimeoutOfTheSourceUrl() throws Exception {
    String source =
        TestDatabase.sourceYaml()
            .replace(
                TestDatabase.URL,
                TestDatabase.URL
                    + (TestDatabase.URL.contains("?") ? "&" : "?")
                    + "options=-c%20statement_timeout%3D100");
    // 10 000 rows per fetch take 200 ms at the conservative 50 000 rows/s: beyond 100 ms.
    Path config = config(source, export("slow", INDEXED, "chunk_rows: 10000", "fetch_size: 10000"));

    Cli.Result result = Cli.run("check", "-c", config.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
    JsonNode export = new ObjectMapper().readTree(result.out()).get("exports").get(0);
    assertThat(export.get("source").get("statement_timeout").get("milliseconds").asLong())
        .isEqualTo(100);
    JsonNode finding = export.get("findings").get(0);
    assertThat(finding.get("code").asText()).isEqualTo("chunk_exceeds_statement_timeout");
    assertThat(finding.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(finding.get("fix").asText()).startsWith("lower fetch_size to about 2500");
    assertThat(finding.get("params").get("per_fetch").asBoolean()).isTrue();
    assertThat(finding.get("params").get("limit_millis").asLong()).isEqualTo(100);
    assertThat(finding.get("params").get("budget_rows").asLong()).isEqualTo(2_500);
  }

  @Test
  void shouldRefuseToRunAnUnsafeExportUnlessForced() throws Exception {
    String source =
        TestDatabase.sourceYaml()
            .replace(
                TestDatabase.URL,
                TestDatabase.URL
                    + (TestDatabase.URL.contains("?") ? "&" : "?")
                    + "options=-c%20statement_timeout%3D100");
    Path config = config(source, export("slow", INDEXED, "chunk_rows: 10000", "fetch_size: 10000"));

    Cli.Result refused = Cli.run("run", "-c", config.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(9);
    assertThat(refused.err())
        .contains("preflight judged it UNSAFE for the source, so no row was read")
        .contains("--force")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("out").resolve("slow")).doesNotExist();
    assertThat(Cli.run("state", "runs", "-c", config.toString()).out()).contains("ABANDONED");

    Cli.Result forced = Cli.run("run", "-c", config.toString(), "--force");

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.err()).contains("running anyway (--force)");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "slow");
    try (var connection = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDir, List.of("id", "payload")))
          .isEqualTo(ExportedRows.query(connection, "SELECT id, payload FROM " + INDEXED));
    }
  }

  @Test
  void shouldPlanAnIncrementalExportFromItsStoredMarkWithoutStoringAPlan() throws Exception {
    String incremental =
        export(
            "cursor",
            INDEXED,
            "mode: incremental",
            "cursor: {column: updated_at, type: timestamp, lookback: 5 minutes}");
    Path config = config(TestDatabase.sourceYaml(), incremental);
    Cli.Result run = Cli.run("run", "-c", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "cursor");
    try (var connection = TestDatabase.connect()) {
      assertThat(ExportedRows.csv(runDir, List.of("id", "payload")))
          .hasSize(ROWS)
          .isEqualTo(ExportedRows.query(connection, "SELECT id, payload FROM " + INDEXED));
    }

    Cli.Result check = Cli.run("check", "-c", config.toString(), "--output", "json");

    assertThat(check.exitCode()).as(check.toString()).isZero();
    JsonNode export = new ObjectMapper().readTree(check.out()).get("exports").get(0);
    assertThat(export.get("cursor").get("previous_mark").asText()).isEqualTo("2026-05-19T21:20");
    assertThat(export.get("reasons").get(0).asText()).contains("less lookback 5 minutes");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString(), "--plans");
    assertThat(runs.out().lines().filter(l -> l.contains("SUCCEEDED")).count()).isEqualTo(1);
    assertThat(runs.out()).doesNotContain("PLAN (not run)");
  }

  @Test
  void shouldSeeAFullScanPerChunkOnMariaDbAndAnIndexRangeOnceIndexed() throws Exception {
    String byDay = "chunk: {column: updated_at, by: day}";
    Path config =
        config(
            TestMariaDb.sourceYaml(),
            export("plain_days", PLAIN, "mode: chunked", byDay)
                + export("indexed_days", INDEXED, "mode: chunked", byDay));

    Cli.Result result = Cli.run("check", "-c", config.toString(), "--output", "json");

    // 20 000 rows ten minutes apart span 139 days; 139 scans of 20 000 rows stay below the
    // 10 million rows that make full scans UNSAFE, so the plain table is DEGRADED.
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    JsonNode plain = root.get("exports").get(0);
    assertThat(plain.get("source").get("product").asText()).isEqualTo("MariaDB");
    assertThat(plain.get("source").get("statement_timeout").get("setting").asText())
        .isEqualTo("max_statement_time");
    assertThat(plain.get("strategy").asText()).isEqualTo("chunked_by_calendar");
    assertThat(plain.get("verdict").asText()).isEqualTo("DEGRADED");
    for (JsonNode explain : plain.get("explain")) {
      assertThat(explain.get("top_node").asText()).isEqualTo("ALL");
      assertThat(explain.get("access").asText()).isEqualTo("full_scan");
    }
    assertThat(plain.get("findings").findValuesAsText("code"))
        .contains("seq_scan_per_chunk", "missing_index");
    assertThat(plain.get("findings").get(0).get("fix").asText())
        .startsWith("needs index: CREATE INDEX `" + PLAIN + "_updated_at_idx` ON `" + PLAIN + "`");
    JsonNode indexed = root.get("exports").get(1);
    assertThat(indexed.get("verdict").asText()).isEqualTo("SAFE");
    for (JsonNode explain : indexed.get("explain")) {
      assertThat(explain.get("top_node").asText()).isEqualTo("range");
      assertThat(explain.get("index").asText()).isEqualTo("updated_at_idx");
    }
  }

  @Test
  void shouldRejectChunksLongerThanMariaDbsStatementTime() throws Exception {
    String source =
        TestMariaDb.sourceYaml()
            .replace(
                TestMariaDb.URL,
                TestMariaDb.URL
                    + (TestMariaDb.URL.contains("?") ? "&" : "?")
                    + "sessionVariables=max_statement_time=0.2");
    // The 20 000 rows fit one chunk: one statement of 400 ms at 50 000 rows/s, beyond 200 ms.
    Path config = config(source, export("slow", INDEXED, "chunk_rows: 40000", "fetch_size: 1000"));

    Cli.Result result = Cli.run("check", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
    assertThat(result.out())
        .contains("time limit:  max_statement_time 200 ms (applies to each chunk)")
        .contains("CRITICAL chunk_exceeds_statement_timeout")
        .contains("fix: lower chunk_rows to about 5000");
  }
}
