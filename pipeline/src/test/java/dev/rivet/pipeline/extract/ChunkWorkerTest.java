package dev.rivet.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import org.junit.jupiter.api.Test;

class ChunkWorkerTest {
  @Test
  void shouldReadEveryRecordedFailureKindBackAsItself() {
    for (FailureKind kind : FailureKind.values()) {
      assertThat(ChunkWorker.recordedKind(kind.name())).isEqualTo(kind);
    }
  }

  @Test
  void shouldReadATimedOutAttemptAsTransientAndAnExceptionClassAsInternal() {
    assertThat(ChunkWorker.recordedKind(TimeoutShrink.ERROR_CLASS))
        .isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(ChunkWorker.recordedKind("IllegalStateException")).isEqualTo(FailureKind.INTERNAL);
    assertThat(ChunkWorker.recordedKind(null)).isEqualTo(FailureKind.INTERNAL);
  }
}
