package dev.rivet.pipeline.inline;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.pipeline.extract.ChunkWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A fixed pool of reader threads sharing one queue of chunks: each thread opens its own {@link
 * ChunkWorker} and takes the next chunk from the queue until it is empty, so at most {@code
 * threads} chunks (and source connections) are read at once. The first failure stops the pool: no
 * thread takes another chunk, the chunks being written give up at their next row (their workers are
 * asked to stop, and their threads interrupted to end a retry's backoff or a pause), and once every
 * thread has ended, that first failure is thrown. With one thread the chunks are read in the
 * calling thread. Single use.
 */
final class ChunkPool {
  /** Opens the worker of one reader thread, which gives up its chunk once {@code stop} says so. */
  @FunctionalInterface
  interface Workers {
    ChunkWorker<List<WrittenFile>> open(BooleanSupplier stop);
  }

  private final String export;
  private final int threads;
  private final Queue<Chunk> chunks;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ChunkPool(String export, int threads, List<Chunk> chunks) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.export = export;
    this.threads = threads;
    this.chunks = new ConcurrentLinkedQueue<>(chunks);
  }

  /**
   * Writes every chunk; returns their files.
   *
   * @throws RuntimeException the first failure of a chunk, as its worker threw it (an {@link Error}
   *     is thrown as it is)
   */
  List<WrittenFile> run(Workers workers) {
    if (threads == 1) {
      return drain(workers);
    }
    AtomicInteger number = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread =
                  new Thread(task, "rivet-" + export + "-reader-" + number.incrementAndGet());
              // A reader stuck in a statement must not keep the process alive after the run ended.
              thread.setDaemon(true);
              return thread;
            });
    List<WrittenFile> files = new ArrayList<>();
    try {
      List<Future<List<WrittenFile>>> readers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        readers.add(
            pool.submit(
                () -> {
                  try {
                    return drain(workers);
                  } catch (RuntimeException | Error e) {
                    if (failure.compareAndSet(null, e)) {
                      pool.shutdownNow();
                    }
                    throw e;
                  }
                }));
      }
      for (Future<List<WrittenFile>> reader : readers) {
        try {
          files.addAll(reader.get());
        } catch (ExecutionException e) {
          Throwable first = failure.get();
          if (first != e.getCause() && !(e.getCause() instanceof ChunkWorker.Stopped)) {
            first.addSuppressed(e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(
          null,
          new RivetException(
              FailureKind.INTERNAL,
              "export " + export + ": interrupted while reading its chunks",
              "run rivet again; chunks already written are kept"));
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
    Throwable first = failure.get();
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error error) {
      throw error;
    }
    return files;
  }

  /** Reads chunks from the queue with one worker until the queue is empty or the pool stops. */
  private List<WrittenFile> drain(Workers workers) {
    List<WrittenFile> files = new ArrayList<>();
    try (ChunkWorker<List<WrittenFile>> worker = workers.open(() -> failure.get() != null)) {
      Chunk chunk;
      while (failure.get() == null && (chunk = chunks.poll()) != null) {
        files.addAll(worker.write(chunk));
      }
    }
    return files;
  }
}
