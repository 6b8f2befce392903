package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL table with a composite and an {@code hstore} column, exported through the CLI in
 * several chunks (table and query exports): planning records the composite's attributes, every
 * chunk reads them as columns of their own, and the Parquet structs and maps hold the source's
 * values row by row.
 */
class CompositeEndToEndTest {
  private static final String SCHEMA = "structs_e2e";
  private static final int ROWS = 3000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try {
      TestDatabase.execute("CREATE EXTENSION IF NOT EXISTS hstore");
    } catch (java.sql.SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TYPE " + SCHEMA + ".pt AS (x int, label text, at timestamptz)",
        "CREATE TABLE " + SCHEMA + ".items (id bigint PRIMARY KEY, p " + SCHEMA + ".pt, h hstore)",
        "INSERT INTO "
            + SCHEMA
            + ".items SELECT g,"
            + " CASE WHEN g % 7 = 0 THEN NULL WHEN g % 11 = 0 THEN ROW(NULL, NULL, NULL)::"
            + SCHEMA
            + ".pt ELSE ROW(g, CASE WHEN g % 5 = 0 THEN '' ELSE 'l,\"(' || g || ')' END,"
            + " timestamptz '2000-01-01 00:00:00+00' + g * interval '1.5 second')::"
            + SCHEMA
            + ".pt END,"
            + " CASE WHEN g % 13 = 0 THEN NULL ELSE hstore(ARRAY['k' || g, 'z', 'a'],"
            + " ARRAY[g::text, NULL, '']) END"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + SCHEMA + ".items");
  }

  @Test
  @Tag("slow") // two CLI runs, ~40 s each on a loaded 2-core machine
  void shouldExportCompositesAndHstoreInEveryChunkExactly() throws Exception {
    for (String export : List.of("by_table", "by_query")) {
      Path config = writeConfig(export);

      Cli.Result result = Cli.run("run", "-c", config.toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), export);
      List<Path> files = OutputFiles.dataFiles(runDir, ".parquet");
      if (export.equals("by_table")) {
        assertThat(files).as(export).hasSizeGreaterThan(1);
      }
      assertThat(fromFiles(files)).as(export).isEqualTo(fromSource());
    }
  }

  /** Each row as {@code id -> "x|label|micros; {k=v}"}, NULL parts as {@code ∅}. */
  private static Map<Long, String> fromFiles(List<Path> files) throws Exception {
    Map<Long, String> rows = new TreeMap<>();
    for (Path file : files) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          String p = "∅";
          if (g.getFieldRepetitionCount("p") > 0) {
            Group s = g.getGroup("p", 0);
            p =
                (s.getFieldRepetitionCount("x") == 0 ? "∅" : String.valueOf(s.getInteger("x", 0)))
                    + "|"
                    + (s.getFieldRepetitionCount("label") == 0 ? "∅" : s.getString("label", 0))
                    + "|"
                    + (s.getFieldRepetitionCount("at") == 0
                        ? "∅"
                        : String.valueOf(s.getLong("at", 0)));
          }
          String h = "∅";
          if (g.getFieldRepetitionCount("h") > 0) {
            Group map = g.getGroup("h", 0);
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < map.getFieldRepetitionCount("key_value"); i++) {
              Group kv = map.getGroup("key_value", i);
              entries.add(
                  kv.getString("key", 0)
                      + "="
                      + (kv.getFieldRepetitionCount("value") == 0
                          ? "∅"
                          : kv.getString("value", 0)));
            }
            h = entries.toString();
          }
          rows.put(g.getLong("id", 0), p + "; " + h);
        }
      }
    }
    return rows;
  }

  private static Map<Long, String> fromSource() throws Exception {
    Map<Long, String> rows = new TreeMap<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, p::text IS NULL, coalesce((p).x::text, '∅'),"
                    + " coalesce((p).label, '∅'),"
                    + " coalesce((extract(epoch FROM (p).at) * 1000000)::bigint::text, '∅'),"
                    + " CASE WHEN h IS NULL THEN '∅' ELSE '[' || coalesce((SELECT string_agg("
                    + "key || '=' || coalesce(value, '∅'), ', ' ORDER BY key COLLATE \"C\")"
                    + " FROM each(h)), '') || ']' END"
                    + " FROM "
                    + SCHEMA
                    + ".items")) {
      while (rs.next()) {
        String p =
            rs.getBoolean(2)
                ? "∅"
                : rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5);
        rows.put(rs.getLong(1), p + "; " + rs.getString(6));
      }
    }
    assertThat(rows).hasSize(ROWS);
    return rows;
  }

  private Path writeConfig(String export) throws Exception {
    String relation =
        export.equals("by_table")
            ? "    table: " + SCHEMA + ".items\n"
            : "    query: SELECT id, p, h FROM " + SCHEMA + ".items\n";
    String yaml =
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: "
            + export
            + "\n"
            + relation
            + "    destination: out\n    chunk_rows: 700\n    parallelism: 2\n";
    return Files.writeString(dir.resolve(export + ".yaml"), yaml);
  }
}
