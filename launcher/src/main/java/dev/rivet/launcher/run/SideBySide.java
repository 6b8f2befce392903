package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs exports on a fixed number of threads, in config order as threads come free, and returns each
 * one's outcome in config order once all have ended. An export's own failure is its outcome; an
 * {@link Error} in one (out of memory) is rethrown after all have ended.
 */
final class SideBySide {
  private SideBySide() {}

  /**
   * @param threads how many exports run at once
   * @param attempt runs one export, returning the kind of its failure or null
   */
  static List<FailureKind> run(
      List<ExportSpec> exports, int threads, Function<ExportSpec, FailureKind> attempt) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, named());
    try {
      List<Future<FailureKind>> outcomes = new ArrayList<>();
      for (ExportSpec export : exports) {
        outcomes.add(pool.submit(() -> attempt.apply(export)));
      }
      List<FailureKind> kinds = new ArrayList<>();
      Error error = null;
      for (Future<FailureKind> outcome : outcomes) {
        try {
          kinds.add(outcome.get());
        } catch (ExecutionException e) {
          // attempt() turns every RuntimeException into an outcome: what remains is an Error.
          Error thrown =
              e.getCause() instanceof Error cause ? cause : new AssertionError(e.getCause());
          if (error == null) {
            error = thrown;
          } else {
            error.addSuppressed(thrown);
          }
          kinds.add(FailureKind.INTERNAL);
        }
      }
      if (error != null) {
        throw error;
      }
      return kinds;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivetException(
          FailureKind.INTERNAL,
          "interrupted while exports ran side by side",
          "run rivet again; chunks already written are kept, unfinished runs are resumed");
    } finally {
      pool.shutdownNow();
    }
  }

  private static ThreadFactory named() {
    AtomicInteger next = new AtomicInteger(1);
    return task -> {
      Thread thread = new Thread(task, "rivet-export-" + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }
}
