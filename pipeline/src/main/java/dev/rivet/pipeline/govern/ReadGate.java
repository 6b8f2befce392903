package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.GovernorSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gate every chunk reader of one run in one process passes: before each chunk ({@link
 * #enterChunk}, which admits as many readers at once as the governor's state allows) and after each
 * fetch batch ({@link #afterBatch}, which holds the run's rate limits, and the rate the governor
 * allows while it slows the run down, across all its readers, and waits while the run is paused).
 * The one place where a governor's decision reaches the readers, whichever thread or runner they
 * run on within the process.
 *
 * <p>Gates are kept per run id in a process-wide map (deliberately static: the Beam DoFns, the
 * inline path, the stream and {@code --worker} meet here without passing anything through the
 * pipeline). A process with no registered gate (a remote Flink task manager) makes its own from the
 * plan: rate limits per process, no governor.
 */
public final class ReadGate {
  /** How long a read in flight waits between fetch batches while paused, at most, each time. */
  static final long MAX_IN_FLIGHT_WAIT_MILLIS = 5_000;

  /** Batches a reader reports per second at a rate limit: small enough to keep the rate smooth. */
  static final int BATCHES_PER_SECOND = 20;

  private static final ReadGate OPEN = new ReadGate(Integer.MAX_VALUE, GovernorSettings.NONE);
  private static final Map<String, ReadGate> GATES = new ConcurrentHashMap<>();

  private final int parallelism;
  private final long maxRowsPerSecond;
  private final long maxBytesPerSecond;
  private final AtomicLong throttledNanos = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private GovernorState state = GovernorState.NORMAL;
  private int reading;
  private long governedRowsPerSecond;
  private long nextRowNanos;
  private long nextByteNanos;

  ReadGate(int parallelism, GovernorSettings settings) {
    this.parallelism = Math.max(1, parallelism);
    this.maxRowsPerSecond = settings.maxRowsPerSecond();
    this.maxBytesPerSecond = settings.maxBytesPerSecond();
  }

  /**
   * The gate of {@code plan}'s run in this process: the one its governor registered, else (a
   * process without a governor) one made for the plan's rate limits, else a gate that never waits.
   */
  public static ReadGate of(ExportPlan plan) {
    ReadGate registered = GATES.get(plan.runId());
    if (registered != null) {
      return registered;
    }
    GovernorSettings settings = plan.export().governor();
    if (!settings.limitsRate()) {
      return OPEN;
    }
    return GATES.computeIfAbsent(plan.runId(), id -> new ReadGate(plan.parallelism(), settings));
  }

  /** Makes {@code gate} the gate of {@code runId} in this process until {@link #unregister}. */
  static void register(String runId, ReadGate gate) {
    GATES.put(runId, gate);
  }

  static void unregister(String runId) {
    GATES.remove(runId);
  }

  /** Rows a reader reads between two calls of {@link #afterBatch}: the batch the gate meters. */
  public int batchRows(int fetchSize) {
    long batch = fetchSize;
    long rate = rowsPerSecond();
    if (rate > 0) {
      batch = Math.min(batch, Math.max(1, rate / BATCHES_PER_SECOND));
    }
    return (int) Math.max(1, batch);
  }

  /** The rows per second readers may read now: the lower of the limit and the governed rate. */
  synchronized long rowsPerSecond() {
    if (governedRowsPerSecond > 0 && state != GovernorState.NORMAL) {
      return maxRowsPerSecond > 0
          ? Math.min(maxRowsPerSecond, governedRowsPerSecond)
          : governedRowsPerSecond;
    }
    return maxRowsPerSecond;
  }

  /** Rows the run's readers reported to this gate so far. */
  long rowsRead() {
    return rowsRead.get();
  }

  /** Whether readers need to measure the bytes of the rows they read. */
  public boolean countsBytes() {
    return maxBytesPerSecond > 0;
  }

  /**
   * Waits until the run admits one more reader: not while paused, and no more readers at once than
   * the state allows. An interrupt ends the wait (the interrupt flag stays set); the gate never
   * fails a read.
   */
  public void enterChunk() {
    if (this == OPEN) {
      return;
    }
    synchronized (this) {
      try {
        while (reading >= admitted()) {
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reading++;
    }
  }

  /** A reader admitted by {@link #enterChunk} is done with its chunk. */
  public void leaveChunk() {
    if (this == OPEN) {
      return;
    }
    synchronized (this) {
      reading = Math.max(0, reading - 1);
      notifyAll();
    }
  }

  /**
   * A reader read {@code rows} rows of {@code bytes} bytes: waits as long as the run's rate limits
   * and the governed rate require (across all its readers), then, while the run is paused, until it
   * resumes or {@link #MAX_IN_FLIGHT_WAIT_MILLIS} passed (the read's open transaction holds locks
   * and the source's vacuum horizon, so it is not held for long).
   */
  public void afterBatch(long rows, long bytes) {
    if (this == OPEN) {
      return;
    }
    rowsRead.addAndGet(rows);
    long waitNanos;
    GovernorState now;
    synchronized (this) {
      long nanos = System.nanoTime();
      waitNanos = 0;
      long rate = rowsPerSecond();
      if (rate > 0) {
        nextRowNanos = Math.max(nextRowNanos, nanos) + rows * 1_000_000_000L / rate;
        waitNanos = Math.max(waitNanos, nextRowNanos - nanos);
      }
      if (maxBytesPerSecond > 0) {
        nextByteNanos =
            Math.max(nextByteNanos, nanos) + (long) (bytes * (1_000_000_000.0 / maxBytesPerSecond));
        waitNanos = Math.max(waitNanos, nextByteNanos - nanos);
      }
      now = state;
    }
    if (waitNanos > 0) {
      throttledNanos.addAndGet(waitNanos);
      sleepNanos(waitNanos);
    }
    if (now == GovernorState.PAUSED) {
      synchronized (this) {
        long deadline =
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_IN_FLIGHT_WAIT_MILLIS);
        try {
          long left;
          while (state == GovernorState.PAUSED && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Reads from now on in {@code newState}. */
  synchronized void apply(GovernorState newState) {
    state = newState;
    notifyAll();
  }

  /**
   * Reads from now on in {@code newState} at {@code rowsPerSecond} at most (0: the configured
   * limits only), which applies while the run is not {@link GovernorState#NORMAL}.
   */
  synchronized void apply(GovernorState newState, long rowsPerSecond) {
    governedRowsPerSecond = Math.max(0, rowsPerSecond);
    apply(newState);
  }

  synchronized GovernorState state() {
    return state;
  }

  /** Readers admitted at once in the current state. */
  synchronized int admitted() {
    switch (state) {
      case PAUSED:
        return 0;
      case SLOWED:
        return Math.max(1, parallelism / 2);
      default:
        return parallelism;
    }
  }

  /** The time readers waited for the rate limits, summed over the readers. */
  long throttledMillis() {
    return TimeUnit.NANOSECONDS.toMillis(throttledNanos.get());
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
