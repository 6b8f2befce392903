package dev.rivet.pipeline.finalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher never lists a file in a manifest that is not where it was written with its size: a
 * run with a deleted or overwritten file is not published, and the chunks that wrote those files
 * are marked failed so that resuming the run reads them again.
 */
class RunPublisherTest {
  @TempDir Path dir;
  private StateStore store;
  private ExportPlan plan;
  private final List<WrittenFile> files = new ArrayList<>();

  @BeforeEach
  void writeThreeChunks() throws Exception {
    store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
    plan = TestPlans.keyRange("r-1", "orders", 3, TestPlans.CREATED, dir.resolve("out").toString());
    store.savePlan(plan);
    store.runStarted(plan.runId(), "direct");
    RunLayout layout = RunLayout.of(plan);
    for (int chunk = 0; chunk < 3; chunk++) {
      Path path = Paths.get(layout.dataFile(chunk, 0).toString());
      Files.createDirectories(path.getParent());
      byte[] content = ("rows of chunk " + chunk).getBytes();
      Files.write(path, content);
      WrittenFile file =
          new WrittenFile(
              plan.runId(), chunk, 0, path.toString(), 10, content.length, null, Map.of());
      store.chunkStarted(plan.runId(), chunk);
      store.chunkWritten(plan.runId(), chunk, file);
      files.add(file);
    }
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void shouldPublishWhenEveryFileIsInPlace() throws Exception {
    Manifest manifest = RunPublisher.publish(plan, store, files);

    assertThat(manifest.rows()).isEqualTo(30);
    assertThat(runFile("_SUCCESS")).exists();
    assertThat(store.run(plan.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void shouldNotPublishAndMarkTheChunkFailedWhenItsFileIsGone() throws Exception {
    Files.delete(Path.of(files.get(1).path()));

    assertThatThrownBy(() -> RunPublisher.publish(plan, store, files))
        .isInstanceOfSatisfying(
            FilesChangedException.class,
            e -> {
              assertThat(e.chunks()).containsExactly(1);
              assertThat(e.kind()).isEqualTo(FailureKind.DESTINATION);
              assertThat(e.getMessage())
                  .contains("export 'orders' run r-1 was not published")
                  .contains("chunk 1: " + files.get(1).path() + " is missing");
              assertThat(e.hint()).contains("reads only these chunks again");
            });

    assertThat(runFile("manifest.json")).doesNotExist();
    assertThat(runFile("_SUCCESS")).doesNotExist();
    List<ChunkRecord> chunks = store.chunks(plan.runId());
    assertThat(chunks)
        .extracting(ChunkRecord::status)
        .containsExactly(ChunkStatus.WRITTEN, ChunkStatus.FAILED, ChunkStatus.WRITTEN);
    assertThat(store.chunkErrors(plan.runId()))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.chunkIndex()).isEqualTo(1);
              assertThat(error.message()).contains("is missing");
            });
    assertThat(store.run(plan.runId()).orElseThrow().status()).isNotEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void shouldNotPublishAFileOverwrittenWithOtherContent() throws Exception {
    Files.writeString(Path.of(files.get(0).path()), "something else, longer than before");
    Files.writeString(Path.of(files.get(2).path()), "short");

    assertThatThrownBy(() -> RunPublisher.publish(plan, store, files))
        .isInstanceOfSatisfying(
            FilesChangedException.class,
            e -> {
              assertThat(e.chunks()).containsExactly(0, 2);
              assertThat(e.getMessage())
                  .contains("is 34 bytes but was written with " + files.get(0).bytes() + " bytes")
                  .contains("is 5 bytes but was written with " + files.get(2).bytes() + " bytes");
            });
    assertThat(runFile("_SUCCESS")).doesNotExist();
  }

  @Test
  void shouldNotPublishWithoutAStateStoreEither() throws Exception {
    Files.delete(Path.of(files.get(2).path()));

    assertThatThrownBy(() -> RunPublisher.publish(plan, null, files))
        .isInstanceOfSatisfying(
            FilesChangedException.class,
            e -> {
              assertThat(e.chunks()).containsExactly(2);
              assertThat(e.hint()).contains("run the export again");
            });
    assertThat(runFile("manifest.json")).doesNotExist();
  }

  private Path runFile(String name) {
    return Paths.get(RunLayout.of(plan).file(name).toString());
  }
}
