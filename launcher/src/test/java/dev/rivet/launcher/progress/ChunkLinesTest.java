package dev.rivet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ChunkLinesTest {
  private static final Instant WATCHING = Instant.parse("2026-12-05T07:26:45.123456Z");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ChunkLines.class);

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void shouldLogAChunkThisRunWroteBeforeTheFirstLookButNotOneAResumeKept() {
    ChunkLines lines = new ChunkLines("p", "run-1", Duration.ofSeconds(30), true, WATCHING);

    lines.update(
        List.of(
            written(0, WATCHING.minusSeconds(60)), // kept by a resume
            written(1, WATCHING.plusMillis(300)), // written before the first poll
            running(2)),
        List.of(),
        WATCHING.plusSeconds(1));
    lines.update(
        List.of(
            written(0, WATCHING.minusSeconds(60)),
            written(1, WATCHING.plusMillis(300)),
            written(2, WATCHING.plusSeconds(2))),
        List.of(),
        WATCHING.plusSeconds(3));

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).startsWith("chunk written: export=p run=run-1 chunk=1 "))
        .anySatisfy(m -> assertThat(m).startsWith("chunk written: export=p run=run-1 chunk=2 "))
        .noneSatisfy(m -> assertThat(m).contains("chunk=0 "));
  }

  private static ChunkRecord written(int index, Instant finished) {
    return new ChunkRecord(
        "run-1",
        index,
        null,
        null,
        ChunkStatus.WRITTEN,
        1,
        1000,
        finished.minusMillis(100),
        finished,
        null,
        null);
  }

  private static ChunkRecord running(int index) {
    return new ChunkRecord(
        "run-1", index, null, null, ChunkStatus.RUNNING, 1, 0, WATCHING, null, null, null);
  }
}
