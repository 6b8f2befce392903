package dev.rivet.pipeline.govern;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The governor's last few samples, judged together: one slow probe is noise, a slow tail is harm.
 * {@link #judged} is the {@link #PERCENTILE}th percentile of the latencies (nearest rank) and the
 * latest replica lag. Not thread-safe: the governor's lock guards it.
 */
final class LatencyWindow {
  /** The percentile of the window's latencies the governor judges. */
  static final int PERCENTILE = 90;

  private final int capacity;
  private final Deque<Sample> samples = new ArrayDeque<>();

  LatencyWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " < 1");
    }
    this.capacity = capacity;
  }

  void add(Sample sample) {
    if (sample.latencyMicros() < 0 && sample.lagMillis() < 0) {
      return;
    }
    if (samples.size() == capacity) {
      samples.removeFirst();
    }
    samples.addLast(sample);
  }

  int size() {
    return samples.size();
  }

  void clear() {
    samples.clear();
  }

  /** The window as one sample: its latencies' percentile and its latest lag. */
  Sample judged() {
    long[] latencies =
        samples.stream().mapToLong(Sample::latencyMicros).filter(l -> l >= 0).toArray();
    long latency = percentile(latencies, PERCENTILE);
    long lag = -1;
    for (Sample s : samples) {
      if (s.lagMillis() >= 0) {
        lag = s.lagMillis();
      }
    }
    return new Sample(latency, lag);
  }

  /** The {@code p}th percentile of {@code values} by nearest rank; -1 when there are none. */
  static long percentile(long[] values, int p) {
    if (values.length == 0) {
      return -1;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
