package dev.rivet.launcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.pipeline.govern.GovernorReport;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's {@code governor:} line and object: what the run's governor did, counted. */
class RunSummaryGovernorTest {
  private static final Instant START = Instant.parse("2026-12-06T01:00:00Z");

  @Test
  void shouldCountReBaselinesWhenTheGovernorMeasuredItsThresholdAgain() {
    GovernorReport report =
        new GovernorReport(240, 0, 7, 0, 1, 0, 31_500, 40, 2_300, 2_990, 1_362, 2);

    RunSummary summary = summary().withGovernor(report);

    assertThat(printed(summary))
        .contains(
            "  governor: 240 probe(s), 0 failed; baseline latency 2.30 ms, threshold 2.99 ms;"
                + " 7 slowdown(s), 40 speed-up(s), 0 pause(s), 1 resume(s), 2 re-baseline(s);"
                + " paused 0.0 s, throttled 31.5 s");
    assertThat(summary.governor().rebaselines()).isEqualTo(2);
    assertThat(summary.governor().baselineLatencyMillis()).isEqualTo(2.3);
  }

  @Test
  void shouldNotMentionReBaselinesWhenThereWereNone() {
    GovernorReport report = new GovernorReport(12, 1, 0, 0, 0, 0, 0, 0, -1, 250_000, 0, 0);

    RunSummary summary = summary().withGovernor(report);

    assertThat(printed(summary))
        .contains(
            "  governor: 12 probe(s), 1 failed; 0 slowdown(s), 0 speed-up(s), 0 pause(s),"
                + " 0 resume(s); paused")
        .doesNotContain("re-baseline");
    assertThat(summary.governor().rebaselines()).isZero();
    assertThat(summary.governor().baselineLatencyMillis()).isNull();
  }

  private static RunSummary summary() {
    RunRecord run =
        new RunRecord(
            "20261206T010000Z-abcdef",
            "orders",
            RunStatus.SUCCEEDED,
            "direct",
            START,
            START,
            START.plusSeconds(42),
            1_000_000,
            20,
            50_000_000,
            20,
            null,
            null);
    return RunSummary.of(run, List.of(), List.of(), "-", null);
  }

  private static String printed(RunSummary summary) {
    StringWriter text = new StringWriter();
    RunSummaryPrinter.print(summary, new PrintWriter(text));
    return text.toString();
  }
}
