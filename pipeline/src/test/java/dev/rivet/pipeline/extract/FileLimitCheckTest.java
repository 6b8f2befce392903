package dev.rivet.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.FileRotation;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FileLimitCheckTest {
  @Test
  void shouldNeverCallAFileFullWithoutLimits() {
    FileLimitCheck check = new FileLimitCheck(FileRotation.NONE);

    for (long rows = 0; rows < 100_000; rows += 997) {
      assertThat(check.isFull(rows, () -> Long.MAX_VALUE)).isFalse();
    }
  }

  @Test
  void shouldCallAFileFullExactlyAtItsRowLimit() {
    FileLimitCheck check = new FileLimitCheck(new FileRotation(0, 3));

    assertThat(check.isFull(0, () -> 0)).isFalse();
    assertThat(check.isFull(2, () -> 0)).isFalse();
    assertThat(check.isFull(3, () -> 0)).isTrue();
  }

  @Test
  void shouldGiveEveryFileAtLeastOneRowEvenWhenItStartsOverTheByteLimit() {
    FileLimitCheck check = new FileLimitCheck(new FileRotation(10, 0));

    assertThat(check.isFull(0, () -> 1_000)).isFalse();
    assertThat(check.isFull(1, () -> 1_000)).isTrue();
  }

  @Test
  void shouldStopWithinOneRowOfTheByteLimitWhenRowsAreEvenlySized() {
    for (long rowBytes : new long[] {1, 7, 100, 10_000, 1_000_000}) {
      long limit = 3_000_000;
      FileLimitCheck check = new FileLimitCheck(new FileRotation(limit, 0));
      long rows = 0;
      while (!check.isFull(rows, sizeOf(rows, rowBytes))) {
        rows++;
      }
      assertThat(rows * rowBytes)
          .as("%d-byte rows", rowBytes)
          .isGreaterThanOrEqualTo(limit)
          .isLessThan(limit + rowBytes);
    }
  }

  @Test
  void shouldAskForTheSizeAtMostOnceInAThousandRowsWhileFarFromTheLimit() {
    FileLimitCheck check = new FileLimitCheck(new FileRotation(1L << 40, 0));
    AtomicInteger asked = new AtomicInteger();

    for (long rows = 0; rows < 1_000_000; rows++) {
      long written = rows;
      check.isFull(
          rows,
          () -> {
            asked.incrementAndGet();
            return written * 100;
          });
    }

    assertThat(asked.get()).isBetween(1_000, 1_011);
  }

  private static java.util.function.LongSupplier sizeOf(long rows, long rowBytes) {
    return () -> rows * rowBytes;
  }
}
