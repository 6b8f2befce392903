package dev.rivet.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.types.JdbcRow;
import dev.rivet.pipeline.write.CsvReadBack;
import dev.rivet.pipeline.write.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One chunk's files written straight from a PostgreSQL result set, outside a pipeline. */
class ChunkOutputTest {
  private static final String QUERY =
      "SELECT g AS id, 'row ' || g AS label FROM generate_series(1, 45) g ORDER BY g";

  @TempDir Path dir;

  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void shouldWriteFilesOfAtMostMaxRowsNumberedFromZero() throws Exception {
    ExportPlan plan = plan(new FileRotation(0, 10));
    ChunkOutput output = ChunkOutput.open(plan, RunLayout.of(plan), 0);

    writeRows(output, 45);
    List<WrittenFile> files = output.finish();

    assertThat(files)
        .extracting(WrittenFile::fileIndex, WrittenFile::rows)
        .containsExactly(tuple(0, 10L), tuple(1, 10L), tuple(2, 10L), tuple(3, 10L), tuple(4, 5L));
    List<String> ids = new ArrayList<>();
    for (WrittenFile file : files) {
      assertThat(Path.of(file.path()))
          .hasFileName(String.format("part-00000-%05d.csv", file.fileIndex()))
          .hasSize(file.bytes());
      CsvReadBack.of(Path.of(file.path())).rows.forEach(row -> ids.add(row.get(0)));
    }
    assertThat(ids).containsExactlyElementsOf(numbers(1, 45));
    assertThat(listing()).hasSize(5);
  }

  @Test
  void shouldLeaveNoFileOfTheChunkBehindWhenAnAttemptIsAbandoned() throws Exception {
    ExportPlan plan = plan(new FileRotation(0, 10));
    RunLayout layout = RunLayout.of(plan);
    ChunkOutput earlier = ChunkOutput.open(plan, layout, 0);
    writeRows(earlier, 45);
    earlier.finish();
    ChunkOutput output = ChunkOutput.open(plan, layout, 0);
    writeRows(output, 25);
    assertThat(listing())
        .anyMatch(name -> name.matches("\\.part-00000-00002\\.csv\\.[0-9a-f]{8}\\.inprogress"));

    output.abort(new RuntimeException("source connection lost"));

    assertThat(listing()).isEmpty();
  }

  @Test
  void shouldKeepTheUnnumberedNameWithoutRotation() throws Exception {
    ExportPlan plan = plan(FileRotation.NONE);
    ChunkOutput output = ChunkOutput.open(plan, RunLayout.of(plan), 3);

    writeRows(output, 45);
    List<WrittenFile> files = output.finish();

    assertThat(files).singleElement().extracting(WrittenFile::rows).isEqualTo(45L);
    assertThat(listing()).containsExactly("part-00003.csv");
  }

  /** Writes the first {@code rows} rows of {@link #QUERY}. */
  private static void writeRows(ChunkOutput output, int rows) throws Exception {
    try (Connection c = PostgresFixture.readSession();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(QUERY)) {
      for (int i = 0; i < rows && rs.next(); i++) {
        output.writeRow(new JdbcRow(rs));
      }
      c.rollback();
    }
  }

  private List<String> listing() throws IOException {
    Path runDir = dir.resolve("rotation_unit").resolve("run-unit");
    if (!Files.isDirectory(runDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(runDir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private ExportPlan plan(FileRotation rotation) throws Exception {
    ExportSpec spec =
        new ExportSpec(
                "rotation_unit",
                new TableRef("public", "unused"),
                new FullMode(),
                ReadSettings.of(
                    SourceKind.POSTGRESQL.defaultChunkRows(), PostgresFixture.FETCH_SIZE, 1),
                ValuePolicies.of(InfinityPolicy.CLAMP),
                new OutputSettings(
                    Format.CSV,
                    Compression.NONE,
                    Destination.parse(dir.toString()),
                    OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                    null),
                CheckSettings.DEFAULT)
            .withRotation(rotation);
    return new ExportPlan(
        "run-unit",
        spec,
        SourceKind.POSTGRESQL,
        PostgresFixture.columns(QUERY),
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        1,
        -1,
        Instant.EPOCH,
        List.of());
  }

  private static List<String> numbers(int from, int to) {
    List<String> numbers = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      numbers.add(String.valueOf(i));
    }
    return numbers;
  }
}
