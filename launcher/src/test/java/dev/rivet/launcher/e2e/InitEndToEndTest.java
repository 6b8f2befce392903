package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet init} on real PostgreSQL and MariaDB: the file it writes proposes a mode per table
 * with its reasons, passes {@code rivet check}, and {@code rivet run} with it exports exactly the
 * source rows; it never overwrites a file without {@code --force} and refuses a URL with a
 * password.
 */
class InitEndToEndTest {
  private static final String PG_SCHEMA = "rivet_e2e_init";
  private static final String MY_DATABASE = "rivet_e2e_init";

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE",
        "CREATE SCHEMA " + PG_SCHEMA,
        // Large by the --full-below the tests pass: incremental on the indexed updated_at.
        "CREATE TABLE "
            + PG_SCHEMA
            + ".events (id bigint PRIMARY KEY, updated_at timestamp, created_at timestamp NOT"
            + " NULL, amount numeric, note text)",
        "CREATE INDEX ON " + PG_SCHEMA + ".events (updated_at)",
        "INSERT INTO "
            + PG_SCHEMA
            + ".events SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE timestamp '2026-01-01' +"
            + " g * interval '1 minute' END, timestamp '2025-01-01' + g * interval '1 minute',"
            + " g * 1.5, 'note ' || g FROM generate_series(1, 5000) g",
        // Small: a full copy.
        "CREATE TABLE "
            + PG_SCHEMA
            + ".countries (code text PRIMARY KEY, name text NOT NULL, updated_at timestamptz)",
        "INSERT INTO "
            + PG_SCHEMA
            + ".countries VALUES ('FR', 'France', now()), ('DE', 'Germany', NULL)",
        // Large, with an updated_at that is not indexed and no key at all.
        "CREATE TABLE " + PG_SCHEMA + ".log (line text, updated_at timestamp)",
        "INSERT INTO "
            + PG_SCHEMA
            + ".log SELECT 'line ' || g, timestamp '2026-01-01' + g * interval '1 second'"
            + " FROM generate_series(1, 3000) g",
        "CREATE TABLE " + PG_SCHEMA + ".tmp_scratch (x int)",
        "ANALYZE " + PG_SCHEMA + ".events",
        "ANALYZE " + PG_SCHEMA + ".countries",
        "ANALYZE " + PG_SCHEMA + ".log");
    TestMariaDb.execute(
        "CREATE DATABASE IF NOT EXISTS " + MY_DATABASE,
        "DROP TABLE IF EXISTS " + MY_DATABASE + ".orders",
        "CREATE TABLE "
            + MY_DATABASE
            + ".orders (id int PRIMARY KEY, modified_at datetime(6) NOT NULL, total"
            + " decimal(10,2), KEY (modified_at))",
        "INSERT INTO "
            + MY_DATABASE
            + ".orders SELECT seq, TIMESTAMPADD(SECOND, seq, '2026-01-01'), seq / 4"
            + " FROM seq_1_to_4000",
        "ANALYZE TABLE " + MY_DATABASE + ".orders");
  }

  @Test
  @Timeout(300)
  void shouldWriteAConfigThatPassesCheckAndExportsExactlyTheSourceRows() throws Exception {
    Path config = dir.resolve("rivet.yaml");

    Cli.Result init =
        Cli.run(
            "init",
            "--source",
            TestDatabase.URL,
            "--user",
            TestDatabase.USER,
            "--schema",
            PG_SCHEMA,
            "--exclude",
            "tmp_*",
            "--full-below",
            "1000",
            "-c",
            config.toString());

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("3 export(s), 1 incremental, 2 full");
    String yaml = Files.readString(config);
    assertThat(yaml)
        .contains("- name: events\n    table: rivet_e2e_init.events\n    mode: incremental\n")
        .contains("    cursor:\n      column: updated_at\n      type: timestamp\n")
        .contains("      fallback: created_at")
        .contains("      lookback: 1h\n")
        .contains("# chunk key: id (primary key)")
        .contains("updated_at (timestamp, indexed, nullable, changes with each update)")
        .contains("created_at (timestamp, not indexed, set on insert only: misses updates)")
        .contains("review amount (numeric)")
        .contains("- name: countries\n    table: rivet_e2e_init.countries\n    mode: full\n")
        .contains("a complete copy each run is cheap")
        .contains("- name: log\n    table: rivet_e2e_init.log\n    mode: full\n")
        .contains("updated_at is not indexed")
        .contains("# chunk key: none (no primary key or unique index)")
        .contains("# chunk key: keyset ranges on (code) (primary key)")
        .contains("# rivet check: SAFE")
        .doesNotContain("tmp_scratch");

    Cli.Result check = Cli.run("check", "-c", config.toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();

    Cli.Result run = Cli.run("run", "-c", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertExported("events", PG_SCHEMA + ".events", postgresCanonical("events"), false);
    assertExported("countries", PG_SCHEMA + ".countries", postgresCanonical("countries"), false);
    assertExported("log", PG_SCHEMA + ".log", postgresCanonical("log"), false);
  }

  @Test
  @Timeout(300)
  void shouldProposeIncrementalOnAnIndexedModifiedColumnOnMariaDb() throws Exception {
    Path config = dir.resolve("rivet.yaml");

    Cli.Result init =
        Cli.run(
            "init",
            "--source",
            TestMariaDb.URL,
            "--user",
            TestMariaDb.USER,
            "--schema",
            MY_DATABASE,
            "--full-below",
            "1000",
            "-c",
            config.toString());

    assertThat(init.exitCode()).as(init.toString()).isZero();
    String yaml = Files.readString(config);
    assertThat(yaml)
        .contains("- name: orders\n    table: rivet_e2e_init.orders\n    mode: incremental\n")
        .contains("      column: modified_at\n      type: timestamp\n      lookback: 1h\n")
        .contains("# chunk key: id (primary key)")
        .contains("# rivet check: SAFE");
    Cli.Result run = Cli.run("run", "-c", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, String> canonical = new LinkedHashMap<>();
    canonical.put("id", "CAST(id AS CHAR)");
    canonical.put(
        "modified_at",
        "CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', modified_at) AS CHAR)");
    canonical.put("total", "CAST(total AS CHAR)");
    assertExported("orders", MY_DATABASE + ".orders", canonical, true);
  }

  @Test
  void shouldNeverOverwriteAFileWithoutForce() throws Exception {
    Path config = dir.resolve("rivet.yaml");
    Files.writeString(config, "# mine\n");

    Cli.Result refused = initPostgres(config);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists").contains("--force");
    assertThat(refused.err()).doesNotContain("\tat ");
    assertThat(Files.readString(config)).isEqualTo("# mine\n");

    Cli.Result forced = initPostgres(config, "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(Files.readString(config)).contains("- name: events");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("no scratch file left beside it")
          .containsExactly("rivet.yaml");
    }
  }

  @Test
  void shouldRefuseAUrlThatHoldsAPasswordAndWriteNothing() {
    Path config = dir.resolve("rivet.yaml");

    Cli.Result result =
        Cli.run(
            "init",
            "--source",
            "postgresql://postgres:hunter2@127.0.0.1:5432/test",
            "-c",
            config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("holds a password").contains("--password-env");
    assertThat(result.out() + result.err()).doesNotContain("hunter2");
    assertThat(config).doesNotExist();
  }

  @Test
  void shouldSayWhenNoTableMatches() {
    Path config = dir.resolve("rivet.yaml");

    Cli.Result result = initPostgres(config, "--include", "no_such_table_*");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("no table to export in schema " + PG_SCHEMA + " matching --include/--exclude");
    assertThat(config).doesNotExist();
  }

  @Test
  void shouldRefuseAPasswordVariableThatIsNotSet() {
    Path config = dir.resolve("rivet.yaml");

    Cli.Result result = initPostgres(config, "--password-env", "RIVET_E2E_INIT_UNSET_PASSWORD");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("RIVET_E2E_INIT_UNSET_PASSWORD").contains("not set");
    assertThat(config).doesNotExist();
  }

  private static Cli.Result initPostgres(Path config, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "init",
                "--source",
                TestDatabase.URL,
                "--user",
                TestDatabase.USER,
                "--schema",
                PG_SCHEMA,
                "--full-below",
                "1000",
                "-c",
                config.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static Map<String, String> postgresCanonical(String table) throws Exception {
    Map<String, String> canonical = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + PG_SCHEMA + "." + table + " LIMIT 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnName(i);
        String type = meta.getColumnTypeName(i);
        canonical.put(
            name,
            type.startsWith("timestamp")
                ? "(extract(epoch from " + name + ") * 1000000)::bigint::text"
                : name + "::text");
      }
    }
    return canonical;
  }

  private void assertExported(
      String export, String table, Map<String, String> canonical, boolean mariaDb)
      throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), export);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(canonical.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> source =
        mariaDb
            ? ColumnChecksums.ofMariaDb(table, canonical)
            : ColumnChecksums.ofPostgres(table, canonical);
    String count = source.remove("count");
    if (table.endsWith(".events")) {
      // An incremental run never reads rows whose cursor and fallback are both NULL; here the
      // fallback is NOT NULL, so every row is read.
      assertThat(fromFiles.rows()).isEqualTo(5000);
    }
    assertThat(fromFiles.rows()).as(export + " rows").isEqualTo(Long.parseLong(count));
    assertThat(fromFiles.sums()).as(export + " content").isEqualTo(source);
  }
}
