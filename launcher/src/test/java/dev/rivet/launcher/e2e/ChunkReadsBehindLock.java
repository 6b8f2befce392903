package dev.rivet.launcher.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts a running export's chunk reads where a sampler can see them: behind a table lock the test
 * holds. A chunk read on a kept connection can end before a sampler under load sees it next to
 * another; behind the lock, every reader's next chunk waits where it can be counted. The lock and
 * the count are the server's ({@link Server}); when to take the lock, how long to count and when to
 * release it are the same on every server.
 */
final class ChunkReadsBehindLock {
  private ChunkReadsBehindLock() {}

  /** One server's way to lock the test table and count the chunk reads waiting for it. */
  interface Server {
    /** A new connection to the server. */
    Connection connect() throws Exception;

    /** Sets up {@code lock}'s session before the run's first file appears; nothing by default. */
    default void prepare(Statement lock) throws Exception {}

    /**
     * Takes a lock on the table through {@code lock} that waits for the chunk transactions under
     * way to end and that later chunk reads queue behind.
     */
    void lock(Statement lock) throws Exception;

    /** Releases what {@link #lock} took. */
    void unlock(Statement lock) throws Exception;

    /** The run's chunk reads waiting for the lock now, counted through {@code s}. */
    int waiting(Statement s) throws Exception;
  }

  /**
   * Waits for the run's first chunk file under {@code out}, then holds the lock and counts, every
   * few milliseconds, the run's chunk reads waiting for it: until two have arrived and stayed for
   * half a second (or 30 s have passed), then releases the lock. Returns the counts seen under the
   * lock; empty when the run wrote no file before {@code running} turned false.
   */
  static List<Integer> sample(Server server, AtomicBoolean running, Path out) {
    List<Integer> samples = new ArrayList<>();
    try (Connection c = server.connect();
        Statement s = c.createStatement();
        Connection locker = server.connect();
        Statement lock = locker.createStatement()) {
      server.prepare(lock);
      // Reading has begun once a chunk's file is being written (planning writes none); a chunk
      // read itself can end before a sampler under load sees it.
      while (running.get() && !OutputFiles.anyFile(out)) {
        Thread.sleep(2);
      }
      if (!running.get()) {
        return samples;
      }
      server.lock(lock);
      try {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long twoSince = 0;
        while (System.nanoTime() < deadline) {
          int waiting = server.waiting(s);
          samples.add(waiting);
          if (waiting < 2) {
            twoSince = 0;
          } else if (twoSince == 0) {
            twoSince = System.nanoTime();
          } else if (System.nanoTime() - twoSince > 500_000_000L) {
            break;
          }
          Thread.sleep(5);
        }
      } finally {
        server.unlock(lock);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return samples;
  }
}
