package dev.rivet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void shouldShowChunksRowsBytesRateEtaRetriesAndTheChunksInFlight() {
    ProgressSnapshot s =
        new ProgressSnapshot(
            "orders",
            "r1",
            8,
            3,
            30_000,
            1_258_291,
            1,
            List.of(
                new InFlightChunk(3, 1, Duration.ofSeconds(12)),
                new InFlightChunk(4, 2, Duration.ofMillis(2_900))),
            Duration.ofSeconds(3),
            3,
            30_000);

    assertThat(ProgressLine.render(s, 400))
        .isEqualTo(
            "orders  chunks 3/8  rows 30,000  bytes 1.2 MiB  rows/s 10,000  ETA 0:05  retries 1"
                + "  in flight: 3 (12s), 4 (2s, attempt 2); rows counted when written");
  }

  @Test
  void shouldSayRateAndEtaAreUnknownUntilAChunkIsWritten() {
    ProgressSnapshot s =
        new ProgressSnapshot("o", "r", 2, 0, 0, 0, 0, List.of(), Duration.ofSeconds(1), 0, 0);

    assertThat(ProgressLine.render(s, 400))
        .isEqualTo("o  chunks 0/2  rows 0  bytes 0 B  rows/s -  ETA -  retries 0");
  }

  @Test
  void shouldShowNoBytesWhereTheyAreNotCounted() {
    ProgressSnapshot s =
        new ProgressSnapshot("o", "r", 2, 1, 5, -1, 0, List.of(), Duration.ofSeconds(1), 0, 0);

    assertThat(ProgressLine.render(s, 400)).contains("rows 5  bytes -  rows/s");
  }

  @Test
  void shouldNameAtMostFourChunksInFlightAndCountTheRest() {
    List<InFlightChunk> six =
        List.of(0, 1, 2, 3, 4, 5).stream()
            .map(i -> new InFlightChunk(i, 1, Duration.ofSeconds(1)))
            .toList();
    ProgressSnapshot s = new ProgressSnapshot("o", "r", 9, 0, 0, 0, 0, six, Duration.ZERO, 0, 0);

    assertThat(ProgressLine.render(s, 400))
        .contains("in flight: 0 (1s), 1 (1s), 2 (1s), 3 (1s) +2;");
  }

  @Test
  void shouldCutTheLineToTheTerminalWidthSoItNeverWraps() {
    ProgressSnapshot s =
        new ProgressSnapshot("orders", "r", 2, 0, 0, 0, 0, List.of(), Duration.ZERO, 0, 0);

    assertThat(ProgressLine.render(s, 20)).isEqualTo("orders  chunks 0/2 ").hasSize(19);
  }

  @Test
  void shouldShowHoursOnlyFromAnHourOn() {
    assertThat(ProgressLine.clock(Duration.ofSeconds(59))).isEqualTo("0:59");
    assertThat(ProgressLine.clock(Duration.ofSeconds(3599))).isEqualTo("59:59");
    assertThat(ProgressLine.clock(Duration.ofSeconds(3661))).isEqualTo("1:01:01");
  }
}
