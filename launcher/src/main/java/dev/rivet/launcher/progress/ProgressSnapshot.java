package dev.rivet.launcher.progress;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a run stands, as its chunks and files were recorded in the state store at one moment: what
 * every runner records, so the same figures serve the direct runner, Flink and workers alike.
 *
 * @param chunksDone chunks whose files are written (kept ones of a resumed run included)
 * @param rows rows of the written chunks
 * @param bytes bytes of the written chunks' files; -1 when not counted (data sent to standard
 *     output)
 * @param retries chunk attempts beyond the first, over every chunk
 * @param elapsed time since progress was first watched
 * @param chunksDoneHere chunks written since progress was first watched (for rates and the ETA)
 * @param rowsHere rows written since progress was first watched
 */
record ProgressSnapshot(
    String export,
    String runId,
    int chunksTotal,
    int chunksDone,
    long rows,
    long bytes,
    int retries,
    List<InFlightChunk> inFlight,
    Duration elapsed,
    int chunksDoneHere,
    long rowsHere) {
  ProgressSnapshot {
    inFlight = List.copyOf(inFlight);
  }

  /**
   * @param baseline the snapshot taken when watching began, or null for this first one
   * @param now the current time, for how long in-flight chunks have run
   */
  static ProgressSnapshot of(
      String export,
      String runId,
      List<ChunkRecord> chunks,
      List<WrittenFile> files,
      boolean bytesCounted,
      ProgressSnapshot baseline,
      Instant now,
      Duration elapsed) {
    int done = 0;
    long rows = 0;
    int retries = 0;
    List<InFlightChunk> running = new ArrayList<>();
    for (ChunkRecord c : chunks) {
      retries += Math.max(0, c.attempts() - 1);
      if (isWritten(c)) {
        done++;
        rows += c.rows();
      } else if (c.status() == ChunkStatus.RUNNING) {
        Duration ran = c.startedAt() == null ? Duration.ZERO : Duration.between(c.startedAt(), now);
        running.add(
            new InFlightChunk(
                c.chunkIndex(), Math.max(1, c.attempts()), ran.isNegative() ? Duration.ZERO : ran));
      }
    }
    long bytes = 0;
    for (WrittenFile f : files) {
      bytes += f.bytes();
    }
    int doneHere = baseline == null ? 0 : Math.max(0, done - baseline.chunksDone());
    long rowsHere = baseline == null ? 0 : Math.max(0, rows - baseline.rows());
    return new ProgressSnapshot(
        export,
        runId,
        chunks.size(),
        done,
        rows,
        bytesCounted ? bytes : -1,
        retries,
        running,
        elapsed,
        doneHere,
        rowsHere);
  }

  static boolean isWritten(ChunkRecord c) {
    return c.status() == ChunkStatus.WRITTEN || c.status() == ChunkStatus.PUBLISHED;
  }

  /** Rows per second written since watching began; empty until a chunk was written meanwhile. */
  Optional<Long> rowsPerSecond() {
    if (chunksDoneHere == 0 || elapsed.toMillis() <= 0) {
      return Optional.empty();
    }
    return Optional.of(rowsHere * 1000 / elapsed.toMillis());
  }

  /**
   * The time left at the pace of the chunks written since watching began (chunks take different
   * times, so this is an estimate); empty until one was written meanwhile.
   */
  Optional<Duration> eta() {
    if (chunksDoneHere == 0) {
      return Optional.empty();
    }
    long remaining = Math.max(0, chunksTotal - chunksDone);
    return Optional.of(elapsed.multipliedBy(remaining).dividedBy(chunksDoneHere));
  }
}
