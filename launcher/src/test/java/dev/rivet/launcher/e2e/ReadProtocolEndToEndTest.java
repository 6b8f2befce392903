package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tuning.read_protocol} through the CLI on the real PostgreSQL: each protocol exports the
 * source exactly (which protocol a plan reads through is tested in the pipeline's
 * CopyProtocolTest); {@code copy} refuses an export COPY cannot decode, naming the column; a value
 * that is not a protocol is a config error listing the valid ones.
 */
class ReadProtocolEndToEndTest {
  private static final String SCHEMA = "copy_read_protocol_e2e";
  private static final int ROWS = 5000;
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("price", "price::text");
    CANONICAL.put("note", "note");
    // Parquet holds microseconds since 1970.
    CANONICAL.put("at", "(extract(epoch FROM at) * 1000000)::bigint::text");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + SCHEMA + ".items",
        "CREATE TABLE "
            + SCHEMA
            + ".items (id bigint PRIMARY KEY, price numeric(12,2), note text, at timestamptz,"
            + " span interval)",
        "INSERT INTO "
            + SCHEMA
            + ".items SELECT g, g * 1.25, CASE WHEN g % 9 = 0 THEN NULL ELSE 'n€ ' || g END,"
            + " timestamptz '1999-12-31 23:00:00+00' + g * interval '1 minute',"
            + " g * interval '1 second' FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + SCHEMA + ".items");
  }

  @Test
  void shouldExportTheSameRowsThroughCopyAndJdbcAndSayWhichWasUsed() throws Exception {
    for (String protocol : List.of("auto", "copy", "jdbc")) {
      Path config = writeConfig(protocol, "id, price, note, at", protocol);

      Cli.Result result = Cli.run("run", "-c", config.toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertParquetMatchesSource(protocol);
    }
  }

  @Test
  void shouldReadAnExportWithAColumnCopyCannotDecodeThroughJdbcUnderAuto() throws Exception {
    Path config = writeConfig("mixed", "id, span", "auto");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "mixed");
    ColumnChecksums fromFiles = new ColumnChecksums(List.of("id", "span"));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    assertThat(fromFiles.rows()).isEqualTo(ROWS);
  }

  @Test
  void shouldRefuseReadProtocolCopyForAColumnCopyCannotDecode() throws Exception {
    Path config = writeConfig("mixed", "id, span", "copy");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("sets tuning.read_protocol to copy")
        .contains("'span' (interval)")
        .contains("set tuning.read_protocol to auto")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldRejectAnUnknownReadProtocolListingTheValidOnes() throws Exception {
    Path config = writeConfig("bad", "id", "binary");

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("tuning.read_protocol")
        .contains("binary")
        .contains("auto")
        .contains("copy")
        .contains("jdbc")
        .doesNotContain("\tat ");
  }

  private void assertParquetMatchesSource(String export) throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), export);
    ColumnChecksums fromFiles = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), fromFiles);
    Map<String, String> expected = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ColumnChecksums.sqlFor(SCHEMA + ".items", CANONICAL))) {
      rs.next();
      assertThat(fromFiles.rows()).as(export).isEqualTo(rs.getLong(1)).isEqualTo(ROWS);
      int i = 2;
      for (String column : CANONICAL.keySet()) {
        expected.put(column, rs.getString(i++));
      }
    }
    assertThat(fromFiles.sums()).as(export).isEqualTo(expected);
  }

  private Path writeConfig(String name, String columns, String protocol) throws Exception {
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: "
            + name
            + "\n    query: SELECT "
            + columns
            + " FROM "
            + SCHEMA
            + ".items\n    destination: out\n    tuning:\n      read_protocol: "
            + protocol
            + "\n";
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }
}
