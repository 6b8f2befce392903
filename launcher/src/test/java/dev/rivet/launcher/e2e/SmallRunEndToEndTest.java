package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on the direct runner runs without a Beam pipeline (the pipeline's chunk workers and
 * publisher, in this process): its files, manifest, {@code _SUCCESS} and state are those a pipeline
 * produces, checked against the source and against a pipeline run of the same table.
 */
class SmallRunEndToEndTest {
  private static final String TABLE = "rivet_e2e_small.items";
  private static final int ROWS = 1_000;

  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("qty", "qty::text");
    CANONICAL.put("price", "price::text");
    CANONICAL.put("name", "name");
    CANONICAL.put("flag", "flag::text");
    CANONICAL.put("created", "(extract(epoch from created) * 1000000)::bigint::text");
    CANONICAL.put("day", "(day - date '1970-01-01')::text");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS rivet_e2e_small",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(12,2), name text NOT NULL,"
            + " flag boolean, created timestamptz, day date, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, (g * 7) % 1000, ((g * 13) % 10000000) / 100.0, 'name-' || g || ' \u2713',"
            + " CASE WHEN g % 5 = 0 THEN NULL ELSE g % 3 = 0 END,"
            + " timestamptz '1960-01-01 00:00:00+00' + g * interval '1017 seconds 123 microseconds',"
            + " date '1900-01-01' + (g % 60000),"
            + " CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN '' ELSE repeat('xy\"', g % 40)"
            + " END FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE);
  }

  @Test
  void shouldRunAOneChunkExportWithoutAPipelineAndPublishExactlyTheSourceRows() throws Exception {
    Path config = writeConfig("out", 100_000);

    Cli.Logged result = Cli.runLogged("run", "-c", config.toString());

    assertThat(result.cli().exitCode()).as(result.toString()).isZero();
    assertThat(result.log())
        .contains("reading 1 chunk(s), 1 at a time, in this process (no pipeline)")
        .doesNotContain("with parallelism");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(runDir.resolve("_SUCCESS")).exists();
    assertMatchesSource(runDir);
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    assertThat(manifest.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(manifest.get("files")).hasSize(1);
    JsonNode file = manifest.get("files").get(0);
    assertThat(sha256(runDir.resolve(file.get("name").asText())))
        .isEqualTo(file.get("sha256").asText());
    assertThat(Files.size(runDir.resolve(file.get("name").asText())))
        .isEqualTo(file.get("bytes").asLong());

    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs.out()).contains("SUCCEEDED").contains(String.valueOf(ROWS));
    Cli.Result chunks = Cli.run("state", "chunks", "-c", config.toString());
    assertThat(chunks.out().lines().skip(1))
        .hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("PUBLISHED"));
    Cli.Result files = Cli.run("state", "files", "-c", config.toString());
    assertThat(files.out()).contains("part-00000.parquet");
  }

  @Test
  void shouldRunAPlanOfSeveralChunksWithoutAPipelineToo() throws Exception {
    Path config = writeConfig("out", 300);

    Cli.Logged result = Cli.runLogged("run", "-c", config.toString());

    assertThat(result.cli().exitCode()).as(result.toString()).isZero();
    assertThat(result.log())
        .contains("chunk(s), 2 at a time, in this process (no pipeline)")
        .doesNotContain("with parallelism");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    assertThat(OutputFiles.dataFiles(runDir, ".parquet")).hasSizeGreaterThan(1);
    assertMatchesSource(runDir);
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void shouldPublishTheSameFilesAndManifestWithoutAPipelineAsWithOne() throws Exception {
    Cli.Logged inline = Cli.runLogged("run", "-c", writeConfig("inline-out", 100_000).toString());
    assertThat(inline.cli().exitCode()).as(inline.toString()).isZero();
    assertThat(inline.log()).contains("in this process (no pipeline)");
    // The embedded Flink runner always builds a pipeline, even for one chunk.
    Path flinkConfig =
        Files.writeString(
            dir.resolve("flink.yaml"),
            Files.readString(writeConfig("flink-out", 100_000))
                .replace("state: state.db", "state: flink-state.db"));
    Cli.Logged flink = Cli.runLogged("run", "-c", flinkConfig.toString(), "--runner", "flink");
    assertThat(flink.cli().exitCode()).as(flink.toString()).isZero();
    assertThat(flink.log()).contains("on flink").doesNotContain("in this process");

    Path inlineRun = OutputFiles.onlyRunDir(dir.resolve("inline-out"), "items");
    Path flinkRun = OutputFiles.onlyRunDir(dir.resolve("flink-out"), "items");
    assertMatchesSource(inlineRun);
    assertMatchesSource(flinkRun);
    assertThat(comparable(inlineRun)).isEqualTo(comparable(flinkRun));
    assertThat(inlineRun.resolve("_SUCCESS")).exists();
    assertThat(flinkRun.resolve("_SUCCESS")).exists();
    try (var a = Files.list(inlineRun);
        var b = Files.list(flinkRun)) {
      assertThat(a.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(b.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /**
   * The manifest without what differs between two runs: run id, times, absolute paths, and each
   * file's SHA-256 (a Parquet footer holds the run id), which is checked against its file instead.
   */
  private static JsonNode comparable(Path runDir) throws Exception {
    ObjectNode manifest =
        (ObjectNode) new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    manifest.remove(List.of("run_id", "planned_at", "published_at"));
    for (JsonNode file : manifest.get("files")) {
      assertThat(sha256(runDir.resolve(file.get("name").asText())))
          .isEqualTo(file.get("sha256").asText());
      ((ObjectNode) file).remove(List.of("path", "sha256"));
    }
    return manifest;
  }

  private void assertMatchesSource(Path runDir) throws Exception {
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(TABLE, CANONICAL))) {
      rs.next();
      assertThat(fromFiles.rows()).isEqualTo(rs.getLong(1)).isEqualTo(ROWS);
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        expected.put(column, rs.getString(i++));
      }
    }
    assertThat(fromFiles.sums()).isEqualTo(expected);
  }

  private Path writeConfig(String destination, int chunkRows) throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: items\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    destination: "
            + destination
            + "\n"
            + "    chunk_rows: "
            + chunkRows
            + "\n"
            + "    parallelism: 2\n";
    return Files.writeString(dir.resolve(destination + ".yaml"), yaml);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
