package dev.rivet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressSnapshotTest {
  private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

  @Test
  void shouldCountWrittenChunksRowsBytesRetriesAndChunksInFlight() {
    List<ChunkRecord> chunks =
        List.of(
            chunk(0, ChunkStatus.WRITTEN, 1, 100),
            chunk(1, ChunkStatus.PUBLISHED, 3, 50),
            chunk(2, ChunkStatus.RUNNING, 2, 0),
            chunk(3, ChunkStatus.PLANNED, 0, 0));
    List<WrittenFile> files =
        List.of(file(0, 0, 100, 1000), file(1, 0, 30, 300), file(1, 1, 20, 200));

    ProgressSnapshot s =
        ProgressSnapshot.of(
            "orders", "r1", chunks, files, true, null, T0.plusSeconds(7), Duration.ZERO);

    assertThat(s.chunksTotal()).isEqualTo(4);
    assertThat(s.chunksDone()).isEqualTo(2);
    assertThat(s.rows()).isEqualTo(150);
    assertThat(s.bytes()).isEqualTo(1500);
    assertThat(s.retries()).isEqualTo(3);
    assertThat(s.inFlight()).containsExactly(new InFlightChunk(2, 2, Duration.ofSeconds(7)));
    assertThat(
            ProgressSnapshot.of("o", "r1", chunks, files, false, null, T0, Duration.ZERO).bytes())
        .as("bytes of a stream to standard output are not counted")
        .isEqualTo(-1);
  }

  @Test
  void shouldEstimateRateAndTimeLeftOnlyFromChunksWrittenWhileWatched() {
    List<ChunkRecord> before =
        List.of(
            chunk(0, ChunkStatus.WRITTEN, 1, 100),
            chunk(1, ChunkStatus.PLANNED, 0, 0),
            chunk(2, ChunkStatus.PLANNED, 0, 0),
            chunk(3, ChunkStatus.PLANNED, 0, 0));
    ProgressSnapshot baseline =
        ProgressSnapshot.of("o", "r", before, List.of(), true, null, T0, Duration.ZERO);
    assertThat(baseline.rowsPerSecond()).isEmpty();
    assertThat(baseline.eta()).isEmpty();

    List<ChunkRecord> after =
        List.of(
            chunk(0, ChunkStatus.WRITTEN, 1, 100),
            chunk(1, ChunkStatus.WRITTEN, 1, 400),
            chunk(2, ChunkStatus.PLANNED, 0, 0),
            chunk(3, ChunkStatus.PLANNED, 0, 0));
    ProgressSnapshot s =
        ProgressSnapshot.of(
            "o", "r", after, List.of(), true, baseline, T0.plusSeconds(4), Duration.ofSeconds(4));

    // 400 rows in 4 s since watching began (the kept chunk 0 does not count); 2 chunks left at
    // 4 s per chunk.
    assertThat(s.rowsPerSecond()).contains(100L);
    assertThat(s.eta()).contains(Duration.ofSeconds(8));
  }

  @Test
  void shouldNeverShowANegativeRunningTimeWhenClocksDisagree() {
    ProgressSnapshot s =
        ProgressSnapshot.of(
            "o",
            "r",
            List.of(chunk(0, ChunkStatus.RUNNING, 1, 0)),
            List.of(),
            true,
            null,
            T0.minusSeconds(3),
            Duration.ZERO);

    assertThat(s.inFlight()).containsExactly(new InFlightChunk(0, 1, Duration.ZERO));
  }

  static ChunkRecord chunk(int index, ChunkStatus status, int attempts, long rows) {
    return new ChunkRecord("r1", index, null, null, status, attempts, rows, T0, null, null, null);
  }

  private static WrittenFile file(int chunk, int fileIndex, long rows, long bytes) {
    return new WrittenFile(
        "r1",
        chunk,
        fileIndex,
        "/out/f" + chunk + fileIndex,
        rows,
        bytes,
        "0".repeat(64),
        Map.of());
  }
}
