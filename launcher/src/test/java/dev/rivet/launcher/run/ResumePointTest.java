package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePointTest {
  @TempDir Path dir;
  private StateStore store;
  private ExportPlan plan;
  private RunLayout layout;

  @BeforeEach
  void savePlan() {
    store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
    plan =
        new ExportPlan(
            "run-r",
            ExportSpec.withDefaults(
                    "orders",
                    new TableRef("public", "orders"),
                    Format.CSV,
                    Compression.NONE,
                    Destination.parse(dir.resolve("out").toString()))
                .withRotation(new FileRotation(0, 10)),
            SourceKind.POSTGRESQL,
            List.of(new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false)),
            Strategy.KEY_RANGE,
            new SplitKey("id", KeyType.INTEGER),
            List.of(
                new Chunk(0, null, "100"), new Chunk(1, "100", "200"), new Chunk(2, "200", null)),
            1,
            300,
            Instant.EPOCH,
            List.of());
    layout = RunLayout.of(plan);
    store.savePlan(plan);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void shouldKeepEveryFileOfIntactChunksAndNoFileOfAChunkMissingOne() throws Exception {
    written(0, 3);
    List<WrittenFile> second = written(1, 3);
    Files.delete(Path.of(second.get(1).path()));
    store.chunkStarted(plan.runId(), 2);
    Path orphan = Path.of(layout.inProgressFile(2, 0, "0badf00d").toString());
    Files.writeString(orphan, "half a file");

    ResumePoint point = ResumePoint.of(store, plan);

    assertThat(point.written())
        .extracting(WrittenFile::chunkIndex, WrittenFile::fileIndex)
        .containsExactly(tuple(0, 0), tuple(0, 1), tuple(0, 2));
    assertThat(point.chunksKept()).isEqualTo(1);
    assertThat(point.orphansRemoved()).isEqualTo(1);
    assertThat(orphan).doesNotExist();
  }

  @Test
  void shouldNotKeepAChunkWhoseFileChangedSize() throws Exception {
    List<WrittenFile> first = written(0, 2);
    Files.writeString(Path.of(first.get(0).path()), "a different file");

    assertThat(ResumePoint.of(store, plan).written()).isEmpty();
  }

  /** Chunk {@code chunk} written with {@code count} files that exist on disk. */
  private List<WrittenFile> written(int chunk, int count) throws Exception {
    List<WrittenFile> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = Path.of(layout.dataFile(chunk, i).toString());
      Files.createDirectories(file.getParent());
      Files.writeString(file, "\"id\"\r\n\"" + i + "\"\r\n");
      files.add(
          new WrittenFile(
              plan.runId(),
              chunk,
              i,
              file.toString(),
              1,
              Files.size(file),
              String.format("%064x", chunk * 100 + i),
              Map.of()));
    }
    store.chunkStarted(plan.runId(), chunk);
    store.chunkWritten(plan.runId(), chunk, files);
    return files;
  }
}
