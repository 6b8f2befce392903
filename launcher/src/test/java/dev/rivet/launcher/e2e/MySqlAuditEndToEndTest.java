package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet validate} and {@code rivet reconcile} on real exports from MariaDB: an untouched run
 * matches; a corrupted file and rows added to the source are reported with exit code 8.
 */
@Timeout(300)
class MySqlAuditEndToEndTest {
  private static final String DATABASE = "rivet_audit_e2e_my";
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
    createFixture("orders");
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DATABASE);
  }

  /** Even ids 2..2*ROWS, so rows can be inserted inside any chunk's range. */
  private static void createFixture(String table) throws Exception {
    String t = DATABASE + "." + table;
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + t,
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, created datetime(6) NOT NULL, note text)"
            + " CHARACTER SET utf8mb4",
        "INSERT INTO "
            + t
            + " SELECT 2 * seq, TIMESTAMPADD(SECOND, seq, '2020-01-01'),"
            + " IF(seq % 7 = 0, NULL, CONCAT('note \"', seq, '\"\\r\\n')) FROM seq_1_to_"
            + ROWS,
        "ANALYZE TABLE " + t);
  }

  @Test
  void shouldValidateCsvRunThenNameTheCorruptedFile() throws Exception {
    Path config = exportOnce("orders", "csv", "gzip");

    Cli.Result clean = Cli.run("validate", "-c", config.toString());
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "orders");
    Path victim = runDir.resolve("part-00001.csv.gz");
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 2] ^= (byte) 0xFF;
    Files.write(victim, bytes);
    Cli.Result corrupted = Cli.run("validate", "-c", config.toString());

    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    // The chunk count follows InnoDB's sampled row estimate, so only the total is fixed.
    assertThat(clean.out()).contains("verdict: MATCH (").contains(" file(s), 20,000 rows");
    assertThat(corrupted.exitCode()).as(corrupted.toString()).isEqualTo(8);
    assertThat(corrupted.out().lines().filter(l -> l.startsWith("MISMATCH")))
        .singleElement()
        .asString()
        .contains("part-00001.csv.gz")
        .contains("sha256: recorded ");
  }

  @Test
  void shouldReconcileMatchThenReportRowsInsertedIntoOneChunk() throws Exception {
    createFixture("grown");
    Path config = exportOnce("grown", "parquet", "zstd");

    JsonNode before = reconcileJson(config, 0);
    long lower = before.get("chunks").get(1).get("lower_inclusive").asLong();
    long firstFree = lower % 2 == 0 ? lower + 1 : lower;
    TestMariaDb.execute(
        "INSERT INTO "
            + DATABASE
            + ".grown VALUES ("
            + firstFree
            + ", NOW(), 'late'), ("
            + (firstFree + 2)
            + ", NOW(), 'late')");
    JsonNode after = reconcileJson(config, 8);

    assertThat(before.get("verdict").asText()).isEqualTo("match");
    assertThat(before.get("totals").get("source_rows").asLong()).isEqualTo(ROWS);
    assertThat(after.get("verdict").asText()).isEqualTo("mismatch");
    for (JsonNode c : after.get("chunks")) {
      boolean changed = c.get("chunk").asInt() == 1;
      assertThat(c.get("difference").asLong()).isEqualTo(changed ? 2 : 0);
      assertThat(c.get("status").asText()).isEqualTo(changed ? "mismatch" : "match");
    }
    assertThat(after.get("totals").get("difference").asLong()).isEqualTo(2);
  }

  private JsonNode reconcileJson(Path config, int expectedExit) throws Exception {
    Cli.Result result = Cli.run("reconcile", "-c", config.toString(), "--output", "json");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(expectedExit);
    return new ObjectMapper().readTree(result.out());
  }

  private Path exportOnce(String table, String format, String compression) throws Exception {
    String yaml =
        TestMariaDb.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: "
            + table
            + "\n    table: "
            + DATABASE
            + "."
            + table
            + "\n    format: "
            + format
            + "\n    compression: "
            + compression
            + "\n    destination: out\n"
            + "    chunk_rows: 5000\n"
            + "    parallelism: 2\n";
    Path config = Files.writeString(dir.resolve("rivet.yaml"), yaml);
    Cli.Result run = Cli.run("run", "-c", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return config;
  }
}
