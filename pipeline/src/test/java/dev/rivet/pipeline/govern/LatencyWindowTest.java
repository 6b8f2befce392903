package dev.rivet.pipeline.govern;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The governor's window: a percentile of the last samples, not one sample. */
class LatencyWindowTest {
  @Test
  void shouldJudgeTheNinetiethPercentileOfTheLastSamples() {
    LatencyWindow window = new LatencyWindow(10);
    for (long l = 1; l <= 12; l++) {
      window.add(new Sample(l * 100, -1));
    }

    // Samples 3..12 are kept; the 9th of 10 by nearest rank is 1,100 µs.
    assertThat(window.size()).isEqualTo(10);
    assertThat(window.judged().latencyMicros()).isEqualTo(1_100);
  }

  @Test
  void shouldIgnoreAFailedProbeAndKeepTheLatestLag() {
    LatencyWindow window = new LatencyWindow(5);
    window.add(new Sample(300, 4_000));
    window.add(Sample.NONE);
    window.add(new Sample(200, 2_000));

    assertThat(window.size()).isEqualTo(2);
    assertThat(window.judged()).isEqualTo(new Sample(300, 2_000));
    window.clear();
    assertThat(window.judged()).isEqualTo(Sample.NONE);
  }

  @Test
  void shouldTakeOneSlowSampleInTenAsNoise() {
    long[] latencies = {100, 110, 90, 105, 95, 100, 120, 98, 102, 5_000};

    assertThat(LatencyWindow.percentile(latencies, 90)).isEqualTo(120);
  }
}
