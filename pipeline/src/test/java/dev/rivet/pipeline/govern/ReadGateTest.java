package dev.rivet.pipeline.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.GovernorSettings;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The gate the readers of one run pass: rate limits across readers, slowed and paused states. */
class ReadGateTest {
  private static GovernorSettings rate(long rows, long bytes) {
    return new GovernorSettings(0, 0, rows, bytes, false);
  }

  @Test
  void shouldHoldTheRowRateAcrossParallelReaders() throws Exception {
    ReadGate gate = new ReadGate(4, rate(1_000, 0));
    int batch = gate.batchRows(10_000);
    ExecutorService readers = Executors.newFixedThreadPool(4);
    long started = System.nanoTime();
    try {
      for (int r = 0; r < 4; r++) {
        readers.submit(
            () -> {
              gate.enterChunk();
              for (int i = 0; i < 10; i++) {
                gate.afterBatch(batch, 0);
              }
              gate.leaveChunk();
            });
      }
      readers.shutdown();
      assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      readers.shutdownNow();
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(batch).isEqualTo(50);
    // 2,000 rows at 1,000 rows/s over all four readers: at least 2 s, whatever the threads.
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(2_000);
    assertThat(gate.throttledMillis()).isGreaterThan(0);
  }

  @Test
  void shouldHoldTheByteRate() {
    ReadGate gate = new ReadGate(1, rate(0, 1_000_000));
    long started = System.nanoTime();

    gate.afterBatch(10, 500_000);
    gate.afterBatch(10, 500_000);

    assertThat(gate.countsBytes()).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void shouldAdmitNoNewChunkWhilePausedAndHalfTheReadersWhileSlowed() throws Exception {
    ReadGate gate = new ReadGate(4, GovernorSettings.NONE);
    assertThat(gate.admitted()).isEqualTo(4);
    gate.apply(GovernorState.SLOWED);
    assertThat(gate.admitted()).isEqualTo(2);

    gate.apply(GovernorState.PAUSED);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch entered = new CountDownLatch(1);
      Future<?> chunk =
          reader.submit(
              () -> {
                gate.enterChunk();
                entered.countDown();
              });
      assertThat(entered.await(500, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(chunk.isDone()).isFalse();

      gate.apply(GovernorState.NORMAL);

      chunk.get(5, TimeUnit.SECONDS);
      assertThat(entered.getCount()).isZero();
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void shouldLetAReadInFlightWaitWhilePausedUntilResumed() throws Exception {
    ReadGate gate = new ReadGate(1, GovernorSettings.NONE);
    gate.apply(GovernorState.PAUSED);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<?> batch = reader.submit(() -> gate.afterBatch(100, 0));
      try {
        batch.get(300, TimeUnit.MILLISECONDS);
        throw new AssertionError("the batch did not wait while paused");
      } catch (TimeoutException expected) {
        // still waiting
      }
      gate.apply(GovernorState.NORMAL);
      batch.get(2, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void shouldMeterSmallBatchesUnderALowRowRate() {
    assertThat(new ReadGate(1, rate(100, 0)).batchRows(10_000)).isEqualTo(5);
    assertThat(new ReadGate(1, rate(5, 0)).batchRows(10_000)).isEqualTo(1);
    assertThat(new ReadGate(1, GovernorSettings.NONE).batchRows(1_000)).isEqualTo(1_000);
  }

  @Test
  void shouldApplyTheGovernedRateOnlyWhileSlowedAndUnderTheConfiguredLimit() {
    ReadGate limited = new ReadGate(2, rate(4_000, 0));
    ReadGate free = new ReadGate(2, GovernorSettings.NONE);

    limited.apply(GovernorState.SLOWED, 1_000);
    free.apply(GovernorState.SLOWED, 1_000);
    assertThat(limited.rowsPerSecond()).isEqualTo(1_000);
    assertThat(free.rowsPerSecond()).isEqualTo(1_000);
    assertThat(free.batchRows(10_000)).isEqualTo(50);

    // A governed rate above the configured limit: the limit is the ceiling.
    limited.apply(GovernorState.SLOWED, 9_000);
    assertThat(limited.rowsPerSecond()).isEqualTo(4_000);

    // Back to normal: the configured limits only.
    limited.apply(GovernorState.NORMAL, 0);
    free.apply(GovernorState.NORMAL, 0);
    assertThat(limited.rowsPerSecond()).isEqualTo(4_000);
    assertThat(free.rowsPerSecond()).isZero();
    assertThat(free.batchRows(10_000)).isEqualTo(10_000);
  }

  @Test
  void shouldHoldTheGovernedRateAndCountTheRowsRead() {
    ReadGate gate = new ReadGate(1, GovernorSettings.NONE);
    gate.apply(GovernorState.SLOWED, 200);
    long started = System.nanoTime();

    for (int i = 0; i < 4; i++) {
      gate.afterBatch(100, 0);
    }

    // 400 rows at 200 rows/s: the first batch is free, the other three wait 0.5 s each.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(1_500);
    assertThat(gate.rowsRead()).isEqualTo(400);
  }
}
