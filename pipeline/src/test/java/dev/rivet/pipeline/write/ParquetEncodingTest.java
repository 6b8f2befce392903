package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Parquet columns get a dictionary (ParquetTuning), seen in the written file's metadata. */
class ParquetEncodingTest {
  private static final String TABLE = "rivet_parquet_encodings_writer";
  private static final String QUERY =
      "SELECT id, status, note, qty, price, day, tags FROM " + TABLE + " ORDER BY id";
  private static final int ROWS = 30_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id int8 PRIMARY KEY, status text NOT NULL, note text NOT NULL, qty int4 NOT NULL,"
            + " price numeric(15,2) NOT NULL, day date NOT NULL, tags text[])",
        // status: 3 values; note: every value distinct; qty, price, day: few distinct values;
        // tags: lists of low-cardinality text.
        "INSERT INTO "
            + TABLE
            + " SELECT g, (ARRAY['open', 'shipped', 'returned'])[1 + g % 3], md5(g::text),"
            + " (g % 7)::int4, (g % 5) + 0.25, date '2024-01-01' + (g % 3)::int,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE ARRAY['a', 'b'] END"
            + " FROM generate_series(1, "
            + ROWS
            + ") AS g");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldUseDictionariesForRepetitiveTextOnlyAndKeepEveryValue() throws Exception {
    Path file = dir.resolve("encodings.parquet");

    FinishedFile written =
        ExportRunner.export(
            PostgresFixture.plan(
                TABLE,
                PostgresFixture.columns(QUERY),
                Format.PARQUET,
                Compression.ZSTD,
                InfinityPolicy.FAIL,
                OutputSettings.DEFAULT_ROW_GROUP_BYTES),
            QUERY,
            file);

    ParquetReadBack back = new ParquetReadBack(file);
    Map<String, Boolean> dictionaries = new LinkedHashMap<>();
    for (BlockMetaData block : back.footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        boolean dictionary =
            chunk.hasDictionaryPage()
                || chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                || chunk.getEncodings().contains(Encoding.RLE_DICTIONARY);
        dictionaries.merge(chunk.getPath().toDotString(), dictionary, Boolean::logicalOr);
      }
    }
    assertThat(dictionaries)
        .containsExactly(
            Map.entry("id", false),
            // low-cardinality text keeps its dictionary
            Map.entry("status", true),
            // distinct text: parquet-java drops the dictionary after the first page
            Map.entry("note", false),
            // fixed-width values are written plain, however repetitive
            Map.entry("qty", false),
            Map.entry("price", false),
            Map.entry("day", false),
            // a list of text: its elements get a dictionary
            Map.entry("tags.list.element", true));
    assertThat(back.rows).isEqualTo(sourceRows());
    ExportRunner.assertDescribes(written, file, ROWS);
  }

  /** The source rows, decoded the way {@link ParquetReadBack} decodes the file's values. */
  private static List<Map<String, Object>> sourceRows() throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = PostgresFixture.readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(QUERY)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getLong("id"));
        row.put("status", rs.getString("status"));
        row.put("note", rs.getString("note"));
        row.put("qty", rs.getInt("qty"));
        row.put("price", rs.getBigDecimal("price").setScale(2));
        row.put("day", rs.getObject("day", LocalDate.class));
        java.sql.Array tags = rs.getArray("tags");
        row.put("tags", tags == null ? null : List.of((Object[]) tags.getArray()));
        rows.add(row);
      }
      connection.rollback();
    }
    return rows;
  }
}
