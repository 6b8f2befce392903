package dev.rivet.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.pipeline.logging.LogContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The pipeline's log fields, on the backend the rivet command logs through (logback). */
class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void shouldRestoreTheRunsFieldsWhenAChunkScopeInsideItCloses() {
    try (LogContext.Scope run = LogContext.run("orders", "r1")) {
      try (LogContext.Scope chunk = LogContext.chunk("orders", "r1", 3)) {
        assertThat(MDC.getCopyOfContextMap())
            .isEqualTo(Map.of("export", "orders", "run", "r1", "chunk", "3"));
      }
      assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("export", "orders", "run", "r1"));
    }
    assertThat(MDC.get(LogContext.EXPORT)).isNull();
    assertThat(MDC.get(LogContext.RUN)).isNull();
  }

  @Test
  void shouldLeaveAWorkerThreadWithoutTheChunksFieldsAfterTheChunk() {
    try (LogContext.Scope chunk = LogContext.chunk("orders", "r1", 0)) {
      assertThat(MDC.get(LogContext.CHUNK)).isEqualTo("0");
    }
    assertThat(MDC.get(LogContext.CHUNK)).isNull();
    assertThat(MDC.get(LogContext.EXPORT)).isNull();
  }
}
