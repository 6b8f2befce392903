package dev.rivet.launcher.progress;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one run's progress while it runs, from a background thread that polls the state store:
 * every runner (direct, Flink, workers, the stream to standard output) records each chunk there as
 * it starts and finishes, so one watcher serves them all. Shows the live display or writes the
 * chunk lines, as its {@link ProgressSettings} say. Never fails the run: a poll that fails is
 * skipped. Closing it polls once more (so every chunk written gets its line) and removes the
 * display.
 */
public final class RunProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
  private static final Duration LIVE_EVERY = Duration.ofMillis(500);
  private static final Duration LINES_EVERY = Duration.ofSeconds(1);

  private final StateLocation location;
  private final ExportPlan plan;
  private final ProgressSettings settings;
  private final Clock clock = Clock.systemUTC();
  private final Instant began;
  private final Thread thread;
  private final ChunkLines lines;
  private LiveDisplay display;
  private StateStore store;
  private ProgressSnapshot baseline;
  private final CountDownLatch stop = new CountDownLatch(1);

  private RunProgress(StateLocation location, ExportPlan plan, ProgressSettings settings) {
    this.location = location;
    this.plan = plan;
    this.settings = settings;
    this.began = clock.instant();
    // Also where the live display cannot start (JLine finds no usable terminal): lines instead.
    this.lines =
        settings.mode() != ProgressMode.OFF
            ? new ChunkLines(
                plan.export().name(), plan.runId(), settings.heartbeat(), bytesCounted(plan), began)
            : null;
    this.thread = new Thread(this::watch, "rivet-progress-" + plan.export().name());
    this.thread.setDaemon(true);
  }

  /** Starts watching the run, or returns a watcher that does nothing when progress is off. */
  public static RunProgress watch(
      ProgressSettings settings, StateLocation location, ExportPlan plan) {
    RunProgress progress = new RunProgress(location, plan, settings);
    if (settings.mode() != ProgressMode.OFF) {
      progress.thread.start();
    }
    return progress;
  }

  private void watch() {
    try {
      if (settings.mode() == ProgressMode.LIVE) {
        display = LiveDisplay.open().orElse(null);
      }
      Duration every = display != null ? LIVE_EVERY : LINES_EVERY;
      do {
        poll();
      } while (!stopped(every));
      poll();
    } finally {
      if (display != null) {
        display.close();
      }
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException e) {
          LOG.debug("closing the progress watcher's state store: {}", e.toString());
        }
      }
    }
  }

  private void poll() {
    try {
      if (store == null) {
        store = StateStores.reopen(location);
      }
      List<ChunkRecord> chunks = store.chunks(plan.runId());
      var files = store.files(plan.runId());
      Instant now = clock.instant();
      ProgressSnapshot snapshot =
          ProgressSnapshot.of(
              plan.export().name(),
              plan.runId(),
              chunks,
              files,
              bytesCounted(plan),
              baseline,
              now,
              Duration.between(began, now));
      if (baseline == null) {
        baseline = snapshot;
      }
      if (display != null) {
        display.show(List.of(snapshot));
      } else if (lines != null) {
        lines.update(chunks, files, now);
      }
    } catch (RuntimeException e) {
      // Progress is a view: a state store that cannot answer now fails the run elsewhere, if at
      // all.
      LOG.debug("progress poll of run {} failed: {}", plan.runId(), e.toString());
    }
  }

  /** Whether the run's writer counts bytes: a stream to standard output records none. */
  private static boolean bytesCounted(ExportPlan plan) {
    return !(plan.export().destination() instanceof Destination.Stdout);
  }

  /** Waits {@code every}; true when {@link #close} was called meanwhile. */
  private boolean stopped(Duration every) {
    try {
      return stop.await(every.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Stops watching after one last poll, and removes the live display; waits for both. */
  @Override
  public void close() {
    if (!thread.isAlive()) {
      return;
    }
    stop.countDown();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
