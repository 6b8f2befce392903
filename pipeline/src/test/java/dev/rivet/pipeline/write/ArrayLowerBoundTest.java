package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.types.WarningCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL array whose lower bound is not 1 fails the export by default and, with {@code
 * on_array_lower_bound: drop}, is written as its elements with a warning; also when the chunk's
 * statement runs often enough on one connection for pgjdbc to switch to binary transfer, where the
 * bound would be lost unseen.
 */
class ArrayLowerBoundTest {
  private static final String TABLE = "types_array_bound";
  private static final int ROWS = 8;

  private static List<SourceColumn> columns;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    dropTable();
    PostgresFixture.execute(
        "CREATE TABLE " + TABLE + " (id int4 PRIMARY KEY, c_ints int4[], c_texts text[])",
        "INSERT INTO "
            + TABLE
            + " SELECT g, '{1,2}', '{a,NULL}' FROM generate_series(1, "
            + ROWS
            + ") g",
        "UPDATE " + TABLE + " SET c_ints = '[0:2]={7,NULL,9}' WHERE id = 7",
        "UPDATE " + TABLE + " SET c_texts = '[-1:0]={x,y}' WHERE id = 8");
    columns = PostgresFixture.columns("SELECT * FROM " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldFailByDefaultNamingTheColumnAndTheBounds() {
    ExportPlan plan = plan(ArrayBoundPolicy.DEFAULT);
    assertThat(plan.export().onArrayLowerBound()).isEqualTo(ArrayBoundPolicy.FAIL);

    assertThatThrownBy(() -> write(plan, oneRangePerRow(), "fail.csv"))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.DATA);
              assertThat(e.getMessage())
                  .contains("column 'c_ints' (_int4)")
                  .contains("[0:2]")
                  .contains("lower bound")
                  .as("the row is named by its key, not its position")
                  .contains("the row where id = 7")
                  .doesNotContain("row 7 of the file");
              assertThat(e.hint()).contains("on_array_lower_bound to drop");
            });
  }

  @Test
  void shouldWriteTheElementsAndCountEachDroppedBoundWhenAskedTo() throws Exception {
    FinishedFile written = write(plan(ArrayBoundPolicy.DROP), oneRangePerRow(), "drop.csv");

    assertThat(written.rows()).isEqualTo(ROWS);
    assertThat(written.warnings()).containsExactly(entry(WarningCounts.ARRAY_BOUND_DROPPED, 2L));
    List<List<String>> rows = CsvReadBack.of(dir.resolve("drop.csv")).rows;
    assertThat(rows).hasSize(ROWS);
    assertThat(rows.get(0)).containsExactly("1", "[1,2]", "[\"a\",null]");
    assertThat(rows.get(6)).containsExactly("7", "[7,null,9]", "[\"a\",null]");
    assertThat(rows.get(7)).containsExactly("8", "[1,2]", "[\"x\",\"y\"]");

    ExportPlan parquet = plan(ArrayBoundPolicy.DROP, Format.PARQUET);
    FinishedFile inParquet = write(parquet, oneRangePerRow(), "drop.parquet");
    assertThat(inParquet.warnings()).containsExactly(entry(WarningCounts.ARRAY_BOUND_DROPPED, 2L));
    List<Map<String, Object>> back = new ParquetReadBack(dir.resolve("drop.parquet")).rows;
    assertThat(back).hasSize(ROWS);
    assertThat(back.get(6).get("c_ints")).isEqualTo(Arrays.asList(7, null, 9));
    assertThat(back.get(7).get("c_texts")).isEqualTo(List.of("x", "y"));
    assertThat(back.get(0).get("c_ints")).isEqualTo(List.of(1, 2));
  }

  /**
   * One sub-range per row, all on one connection: past pgjdbc's prepareThreshold (5) the statement
   * is server-prepared and int4[] and text[] would arrive in binary, without their bounds.
   */
  private static List<Chunk> oneRangePerRow() {
    List<Chunk> ranges = new ArrayList<>();
    for (int id = 1; id <= ROWS; id++) {
      ranges.add(new Chunk(0, String.valueOf(id), String.valueOf(id + 1)));
    }
    return ranges;
  }

  private FinishedFile write(ExportPlan plan, List<Chunk> ranges, String name) throws Exception {
    Path file = dir.resolve(name);
    try (ChunkFileWriter writer =
        ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
      ChunkReader.read(
          source(), plan, plan.chunks().get(0), ranges, ReadProtocol.AUTO, writer::writeRow);
      return writer.finish();
    }
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  private static ExportPlan plan(ArrayBoundPolicy policy) {
    return plan(policy, Format.CSV);
  }

  private static ExportPlan plan(ArrayBoundPolicy policy, Format format) {
    ExportPlan base =
        PostgresFixture.plan(
            TABLE,
            columns,
            format,
            Compression.NONE,
            InfinityPolicy.CLAMP,
            OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    return new ExportPlan(
        base.runId(),
        base.export().withArrayLowerBound(policy),
        base.source(),
        base.columns(),
        Strategy.KEY_RANGE,
        new SplitKey("id", KeyType.INTEGER),
        List.of(new Chunk(0, "1", String.valueOf(ROWS + 1))),
        1,
        -1,
        base.createdAt(),
        List.of());
  }
}
