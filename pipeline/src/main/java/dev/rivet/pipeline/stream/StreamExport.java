package dev.rivet.pipeline.stream;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.pipeline.extract.ChunkSink;
import dev.rivet.pipeline.extract.ChunkWorker;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.write.ChunkFileWriter;
import dev.rivet.pipeline.write.ChunkFileWriters;
import dev.rivet.pipeline.write.FinishedFile;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a whole export as one file onto a stream (standard output, for piping): every chunk in
 * plan order, one after the other, through one CSV or Parquet writer, so the stream holds one
 * header (CSV) or one footer (Parquet) and rows in chunk order. No Beam pipeline runs: a stream has
 * one writer, and parallel chunks would interleave.
 *
 * <p>Each chunk runs on a {@link ChunkWorker}, as in a pipeline: while none of its rows has been
 * handed to the writer, a transient failure is retried and a statement timeout is read again in
 * smaller statements, as for files. What a stream cannot take back, it cannot retry or resume: once
 * a row of the chunk went to the writer, a failure ends the export with the bytes so far already
 * sent, and the state store records the run as failed; a reader must discard a stream whose
 * producer exited non-zero. The state store records the plan, each chunk's row count (as one file
 * {@code -} per chunk) and the run's totals with the stream's SHA-256; there is no manifest file.
 * The stream itself is flushed but never closed.
 */
public final class StreamExport {
  /** The path the state store records for the stream's data. */
  public static final String STREAM_PATH = "-";

  private static final Logger LOG = LoggerFactory.getLogger(StreamExport.class);

  private StreamExport() {}

  /**
   * Writes every chunk of {@code plan} to {@code out} and records it in {@code state} (when not
   * null), publishing the run when the stream is complete.
   *
   * @return the stream's rows, bytes and SHA-256
   */
  public static FinishedFile run(
      ExportPlan plan, SourceConnection source, StateLocation state, OutputStream out) {
    return run(plan, source, state, null, out);
  }

  /** As {@link #run(ExportPlan, SourceConnection, StateLocation, OutputStream)}, fenced. */
  public static FinishedFile run(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      OutputStream out) {
    return run(plan, source, state, fence, null, out);
  }

  /** As the above, every chunk reading the run's shared {@code snapshot} when it is not null. */
  public static FinishedFile run(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot,
      OutputStream out) {
    try (StateStore store = state == null ? null : StateStores.reopen(state)) {
      FinishedFile written = write(plan, source, state, fence, snapshot, out);
      if (store != null) {
        store.runPublished(plan.runId(), new RunTotals(written.rows(), 1, written.bytes()));
      }
      LOG.info(
          "export {} run {}: {} rows, {} bytes to standard output, sha256 {}",
          plan.export().name(),
          plan.runId(),
          written.rows(),
          written.bytes(),
          written.sha256());
      return written;
    }
  }

  private static FinishedFile write(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot,
      OutputStream out) {
    ChunkFileWriter writer;
    try {
      writer = ChunkFileWriters.open(plan, new KeepOpenStream(out), "standard output");
    } catch (IOException e) {
      throw closed(plan, e);
    }
    try (ChunkFileWriter closing = writer;
        ChunkWorker<Long> chunks =
            ChunkWorker.open(
                plan,
                source,
                state,
                fence,
                chunk -> new StreamChunk(plan, chunk, writer),
                snapshot)) {
      for (Chunk chunk : plan.chunks()) {
        chunks.write(chunk);
      }
      return writer.finish();
    } catch (IOException e) {
      throw closed(plan, e);
    }
  }

  private static RivetException closed(ExportPlan plan, IOException e) {
    return new RivetException(
        FailureKind.DESTINATION,
        "export '"
            + plan.export().name()
            + "': cannot write to standard output ("
            + e.getMessage()
            + ")",
        "the reading end of the pipe closed early or failed; discard what it read and run again",
        e);
  }

  /**
   * One attempt at a chunk on the stream: its rows go into the stream's one writer, so the first
   * row handed over is {@linkplain #emitted() emitted}; the state store records the chunk as one
   * file {@code -} with the chunk's row count, the warnings its rows raised and its column profile.
   */
  private static final class StreamChunk implements ChunkSink<Long> {
    private final ExportPlan plan;
    private final Chunk chunk;
    private final ChunkFileWriter writer;
    private final Map<String, Long> warningsBefore;
    private long rows;
    private Map<String, Long> warnings = Map.of();
    private List<ColumnProfile> profile = List.of();

    StreamChunk(ExportPlan plan, Chunk chunk, ChunkFileWriter writer) {
      this.plan = plan;
      this.chunk = chunk;
      this.writer = writer;
      this.warningsBefore = writer.warnings().snapshot();
      // Rows of an earlier attempt never reached the stream (else there is no retry): not counted.
      writer.profiler().drain();
    }

    @Override
    public void writeRow(SourceRow row) throws SQLException, IOException {
      // Counted before the writer takes it: a row that failed half-way may be half-sent.
      rows++;
      writer.writeRow(row);
    }

    @Override
    public boolean emitted() {
      return rows > 0;
    }

    @Override
    public Long finish() {
      warnings = writer.warnings().since(warningsBefore);
      profile = writer.profiler().drain();
      return rows;
    }

    @Override
    public List<WrittenFile> records(Long written) {
      return List.of(
          new WrittenFile(
              plan.runId(), chunk.index(), 0, STREAM_PATH, written, 0, null, warnings, profile));
    }

    @Override
    public void abort(Exception failure) {
      // Nothing to discard: what was sent is the reader's.
    }

    @Override
    public RivetException cannotWrite(IOException e) {
      return closed(plan, e);
    }
  }

  /**
   * Passes bytes through; closing flushes and leaves the underlying stream open. A {@link
   * PrintStream} (standard output) swallows write errors, so its error flag is checked every MiB
   * and on flush: a reader that went away ends the export instead of being written to in vain.
   */
  private static final class KeepOpenStream extends OutputStream {
    private static final long CHECK_EVERY_BYTES = 1024 * 1024;

    private final OutputStream out;
    private long uncheckedBytes;

    KeepOpenStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      uncheckedBytes += len;
      if (uncheckedBytes >= CHECK_EVERY_BYTES) {
        checkError();
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      checkError();
    }

    @Override
    public void close() throws IOException {
      flush();
    }

    private void checkError() throws IOException {
      uncheckedBytes = 0;
      if (out instanceof PrintStream print && print.checkError()) {
        throw new IOException("the stream is closed or broken");
      }
    }
  }
}
