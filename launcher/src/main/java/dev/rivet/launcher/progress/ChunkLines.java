package dev.rivet.launcher.progress;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress off a terminal: one INFO line per chunk written, with key=value fields, and a heartbeat
 * line for a chunk still running after every heartbeat interval; each line carries the export, run
 * and chunk in the log's fields (MDC), as the reader's lines do. Chunks written before watching
 * began (kept by a resume) get no line, told apart by when they finished, so a chunk this run wrote
 * before the first look at the state store still gets its line; a chunk written again (read again
 * after its files changed) gets one per write.
 */
final class ChunkLines {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkLines.class);

  private final String export;
  private final String runId;
  private final Duration heartbeat;
  private final boolean bytesCounted;
  private final Instant watchingSince;

  /** The attempt count of each chunk's write already logged. */
  private final Map<Integer, Integer> logged = new HashMap<>();

  /** When each running chunk last got a heartbeat line (its start when it got none). */
  private final Map<Integer, Instant> lastBeat = new HashMap<>();

  private boolean first = true;

  /**
   * @param bytesCounted false where the writer counts no bytes (data sent to standard output)
   * @param watchingSince when watching began: a chunk that finished earlier was kept by a resume
   */
  ChunkLines(
      String export,
      String runId,
      Duration heartbeat,
      boolean bytesCounted,
      Instant watchingSince) {
    this.export = export;
    this.runId = runId;
    this.heartbeat = heartbeat;
    this.bytesCounted = bytesCounted;
    // Stored times may hold milliseconds only.
    this.watchingSince = watchingSince.truncatedTo(ChronoUnit.MILLIS);
  }

  void update(List<ChunkRecord> chunks, List<WrittenFile> files, Instant now) {
    Map<Integer, Long> bytes = new HashMap<>();
    for (WrittenFile f : files) {
      bytes.merge(f.chunkIndex(), f.bytes(), Long::sum);
    }
    for (ChunkRecord c : chunks) {
      if (ProgressSnapshot.isWritten(c)) {
        lastBeat.remove(c.chunkIndex());
        Integer before = logged.put(c.chunkIndex(), c.attempts());
        boolean news = first ? writtenSinceWatching(c) : before == null || before != c.attempts();
        if (news) {
          written(c, bytes.getOrDefault(c.chunkIndex(), 0L), chunks.size());
        }
      } else if (c.status() == ChunkStatus.RUNNING && c.startedAt() != null) {
        logged.remove(c.chunkIndex());
        Instant since = lastBeat.getOrDefault(c.chunkIndex(), c.startedAt());
        if (since.isBefore(c.startedAt())) {
          since = c.startedAt(); // a new attempt started since the last beat
        }
        if (!Duration.between(since, now).minus(heartbeat).isNegative()) {
          running(c, now, chunks.size());
          lastBeat.put(c.chunkIndex(), now);
        }
      }
    }
    first = false;
  }

  private boolean writtenSinceWatching(ChunkRecord c) {
    return c.finishedAt() != null && !c.finishedAt().isBefore(watchingSince);
  }

  private void written(ChunkRecord c, long bytes, int total) {
    Duration took =
        c.startedAt() == null || c.finishedAt() == null
            ? Duration.ZERO
            : Duration.between(c.startedAt(), c.finishedAt());
    try (LogContext.Scope log = LogContext.chunk(export, runId, c.chunkIndex())) {
      LOG.info(
          "chunk written: export={} run={} chunk={} chunks={} rows={} bytes={} duration={}"
              + " attempt={}",
          export,
          runId,
          c.chunkIndex(),
          total,
          c.rows(),
          bytesCounted ? String.valueOf(bytes) : "-",
          seconds(took),
          Math.max(1, c.attempts()));
    }
  }

  private void running(ChunkRecord c, Instant now, int total) {
    try (LogContext.Scope log = LogContext.chunk(export, runId, c.chunkIndex())) {
      LOG.info(
          "chunk running: export={} run={} chunk={} chunks={} running={} attempt={}"
              + " (rows are counted when the chunk is written)",
          export,
          runId,
          c.chunkIndex(),
          total,
          seconds(Duration.between(c.startedAt(), now)),
          Math.max(1, c.attempts()));
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
  }
}
