package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet validate} and {@code rivet reconcile} on real exports from PostgreSQL: an untouched
 * run matches; corrupted files and rows added to the source are reported by name with exit code 8.
 */
@Timeout(300)
class AuditEndToEndTest {
  private static final String SCHEMA = "rivet_audit_e2e";
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA, fixture("orders"));
  }

  @AfterAll
  static void dropSchema() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  /** Even ids 2..2*ROWS, so rows can be inserted inside any chunk's range. */
  private static String fixture(String table) {
    String t = SCHEMA + "." + table;
    return "DROP TABLE IF EXISTS "
        + t
        + "; CREATE TABLE "
        + t
        + " (id bigint PRIMARY KEY, qty int NOT NULL, note text);"
        + " INSERT INTO "
        + t
        + " SELECT 2 * g, g % 100, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note \"' || g || E'\"\\r\\n' END"
        + " FROM generate_series(1, "
        + ROWS
        + ") g; ANALYZE "
        + t;
  }

  @Test
  void shouldValidateUntouchedParquetRunAsAllOk() throws Exception {
    Path config = exportOnce("orders", "parquet", "zstd");

    Cli.Result result = Cli.run("validate", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(line(result.out().lines().toList(), "part-00000.parquet")).startsWith("OK ");
    assertThat(result.out())
        .contains("part-00003.parquet")
        .doesNotContain("MISMATCH")
        .contains("verdict: MATCH (4 file(s), 20,000 rows");
  }

  @Test
  void shouldValidateUntouchedGzipCsvRunAsAllOk() throws Exception {
    Path config = exportOnce("orders", "csv", "gzip");

    Cli.Result result = Cli.run("validate", "-c", config.toString(), "--export", "orders");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("part-00000.csv.gz").contains("verdict: MATCH");
  }

  @Test
  void shouldNameFlippedTruncatedAndDeletedFilesAndExitEight() throws Exception {
    Path config = exportOnce("orders", "parquet", "zstd");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "orders");
    Path flipped = runDir.resolve("part-00000.parquet");
    byte[] bytes = Files.readAllBytes(flipped);
    bytes[bytes.length / 2] ^= (byte) 0xFF;
    Files.write(flipped, bytes);
    try (FileChannel channel =
        FileChannel.open(runDir.resolve("part-00001.parquet"), StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 100);
    }
    Files.delete(runDir.resolve("part-00002.parquet"));

    Cli.Result result = Cli.run("validate", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
    List<String> lines = result.out().lines().toList();
    assertThat(line(lines, "part-00000.parquet"))
        .startsWith("MISMATCH")
        .contains("sha256: recorded ");
    assertThat(line(lines, "part-00001.parquet"))
        .startsWith("MISMATCH")
        .contains("size: recorded ")
        .contains("rows: cannot read the file as parquet");
    assertThat(line(lines, "part-00002.parquet"))
        .startsWith("MISMATCH")
        .contains("missing: no file at " + runDir.resolve("part-00002.parquet"));
    assertThat(line(lines, "part-00003.parquet")).startsWith("OK");
    assertThat(result.out())
        .contains("verdict: MISMATCH (3 of 4 file(s) differ, 0 run problem(s))");
  }

  @Test
  void shouldWriteValidationAsJsonWithPerFileStatus() throws Exception {
    Path config = exportOnce("orders", "parquet", "snappy");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "orders");
    Files.delete(runDir.resolve("part-00001.parquet"));
    Files.delete(runDir.resolve("manifest.json"));

    Cli.Result result = Cli.run("validate", "-c", config.toString(), "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("command").asText()).isEqualTo("validate");
    assertThat(json.get("schema_version").asInt()).isEqualTo(1);
    assertThat(json.get("verdict").asText()).isEqualTo("mismatch");
    assertThat(json.get("exit_code").asInt()).isEqualTo(8);
    JsonNode missing = json.get("files").get(1);
    assertThat(missing.get("status").asText()).isEqualTo("mismatch");
    assertThat(missing.get("found").get("exists").asBoolean()).isFalse();
    assertThat(missing.get("found").get("rows").isNull()).isTrue();
    JsonNode ok = json.get("files").get(0);
    assertThat(ok.get("status").asText()).isEqualTo("ok");
    assertThat(ok.get("found").get("sha256").asText())
        .isEqualTo(ok.get("recorded").get("sha256").asText());
    assertThat(json.get("run_problems").get(0).asText()).startsWith("manifest.json: missing at ");
    assertThat(json.get("totals").get("mismatched").asInt()).isEqualTo(1);
    assertThat(json.get("totals").get("recorded_rows").asLong()).isEqualTo(ROWS);
  }

  @Test
  void shouldReconcileUnchangedSourceAsMatchPerChunkAndInTotal() throws Exception {
    Path config = exportOnce("orders", "parquet", "zstd");

    Cli.Result result = Cli.run("reconcile", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(line(result.out().lines().toList(), " total ")).startsWith("MATCH ");
    assertThat(result.out())
        .contains("reconcile export orders")
        .contains("by id, 4 chunk(s)")
        .doesNotContain("MISMATCH")
        .contains("verdict: MATCH (4 chunk(s), 20,000 rows in the source and in the files)");
  }

  @Test
  void shouldReportRowsInsertedIntoOneChunkRangeWithTheirDifference() throws Exception {
    TestDatabase.execute(fixture("grown"));
    Path config = exportOnce("grown", "parquet", "zstd");
    JsonNode before = reconcileJson(config, 0);
    JsonNode chunk = before.get("chunks").get(2);
    long lower = chunk.get("lower_inclusive").asLong();
    long firstFree = lower % 2 == 0 ? lower + 1 : lower;
    // Odd ids are free: three new rows inside chunk 2's range only.
    TestDatabase.execute(
        "INSERT INTO "
            + SCHEMA
            + ".grown VALUES ("
            + firstFree
            + ", 1, 'late'), ("
            + (firstFree + 2)
            + ", 1, 'late'), ("
            + (firstFree + 4)
            + ", 1, 'late')");

    JsonNode after = reconcileJson(config, 8);
    Cli.Result text = Cli.run("reconcile", "-c", config.toString());

    assertThat(after.get("verdict").asText()).isEqualTo("mismatch");
    for (JsonNode c : after.get("chunks")) {
      boolean changed = c.get("chunk").asInt() == 2;
      assertThat(c.get("status").asText()).isEqualTo(changed ? "mismatch" : "match");
      assertThat(c.get("difference").asLong()).isEqualTo(changed ? 3 : 0);
    }
    assertThat(after.get("totals").get("source_rows").asLong()).isEqualTo(ROWS + 3);
    assertThat(after.get("totals").get("file_rows").asLong()).isEqualTo(ROWS);
    assertThat(after.get("totals").get("difference").asLong()).isEqualTo(3);
    assertThat(text.exitCode()).isEqualTo(8);
    assertThat(line(text.out().lines().toList(), "MISMATCH  2 ")).contains("+3");
    assertThat(text.out())
        .contains("verdict: MISMATCH (1 of 4 chunk(s) differ; the source holds 3 more row(s)")
        .contains("note: source counts are taken now");
  }

  @Test
  void shouldRefuseToAuditRunThatDidNotSucceed() throws Exception {
    Path config = writeConfig("orders", "parquet", "zstd");
    Cli.Result plan = Cli.run("plan", "-c", config.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();

    Cli.Result none = Cli.run("validate", "-c", config.toString());
    String runId =
        line(plan.out().lines().toList(), "(plan stored)").replaceAll(".*run ([^ ]+).*", "$1");
    Cli.Result planned = Cli.run("reconcile", "-c", config.toString(), "--run", runId);

    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("the state store has no succeeded run");
    assertThat(planned.exitCode()).as(planned.toString()).isEqualTo(2);
    assertThat(planned.err()).contains("has status PLANNED");
  }

  private JsonNode reconcileJson(Path config, int expectedExit) throws Exception {
    Cli.Result result = Cli.run("reconcile", "-c", config.toString(), "--output", "json");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(expectedExit);
    return new ObjectMapper().readTree(result.out());
  }

  private static String line(List<String> lines, String containing) {
    return lines.stream()
        .filter(l -> l.contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in " + lines));
  }

  private Path exportOnce(String table, String format, String compression) throws Exception {
    Path config = writeConfig(table, format, compression);
    Cli.Result run = Cli.run("run", "-c", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return config;
  }

  private Path writeConfig(String table, String format, String compression) throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: "
            + table
            + "\n"
            + "    table: "
            + SCHEMA
            + "."
            + table
            + "\n"
            + "    format: "
            + format
            + "\n"
            + "    compression: "
            + compression
            + "\n"
            + "    destination: out\n"
            + "    chunk_rows: 5000\n"
            + "    parallelism: 2\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }
}
