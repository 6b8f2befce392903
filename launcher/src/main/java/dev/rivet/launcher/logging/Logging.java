package dev.rivet.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes all logging to standard error at a quiet level: Rivet's own progress at INFO (or {@code
 * RIVET_LOG_LEVEL}), other libraries at WARN, Hadoop at ERROR, the Flink runner silent unless
 * RIVET_DEBUG is set; as text lines or JSON objects, each with the run's fields (export, run,
 * chunk) when set. Configuring again replaces what was configured before.
 */
public final class Logging {
  /** Text lines as Rivet always printed them, with the run's fields after the logger's name. */
  static final String TEXT_PATTERN = "%d{HH:mm:ss} %level %logger{0}%runFields - %msg%n";

  private Logging() {}

  /** Configures logging for the {@code rivet} command; must run before anything is logged. */
  public static void configure(LogFormat format) {
    configure(format, false);
  }

  /**
   * As {@link #configure(LogFormat)}; {@code quiet} ({@code rivet run --quiet}) leaves Rivet's own
   * informational lines out, warnings and errors stay ({@code RIVET_LOG_LEVEL} still wins).
   */
  public static void configure(LogFormat format, boolean quiet) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), format, quiet);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  static void configure(LoggerContext context, LogFormat format) {
    configure(context, format, false);
  }

  static void configure(LoggerContext context, LogFormat format, boolean quiet) {
    context.reset();
    // java.util.logging (through the bridge) only builds records that logback would print.
    LevelChangePropagator levels = new LevelChangePropagator();
    levels.setContext(context);
    levels.setResetJUL(true);
    levels.start();
    context.addListener(levels);

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    // Writes to System.err as it is at each line: the masking stream Main installs.
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(context, format));
    stderr.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    String rivetLevel = System.getenv("RIVET_LOG_LEVEL");
    context
        .getLogger("dev.rivet")
        .setLevel(
            rivetLevel == null
                ? (quiet ? Level.WARN : Level.INFO)
                : Level.toLevel(rivetLevel.strip().toUpperCase(Locale.ROOT), Level.INFO));
    // Flink and its Beam runner log a failed task's stack trace several times over; Rivet reports
    // the cause itself (and the stack trace with RIVET_DEBUG=1).
    Level runner = System.getenv("RIVET_DEBUG") != null ? Level.ERROR : Level.OFF;
    context.getLogger("org.apache.flink").setLevel(runner);
    context.getLogger("org.apache.beam.runners.flink").setLevel(runner);
    context.getLogger("org.apache.hadoop").setLevel(Level.ERROR);
    // MINA SSHD warns about every dropped channel and refused key; Rivet's tunnel reports what
    // matters (which hop, which step, what to do) in its own lines and errors.
    context.getLogger("org.apache.sshd").setLevel(runner);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
    switch (format) {
      case JSON:
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithKVPList(false);
        json.setWithFormattedMessage(true);
        json.start();
        return json;
      case TEXT:
      default:
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("runFields", RunFieldsConverter::new);
        layout.setPattern(TEXT_PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setContext(context);
        text.setLayout(layout);
        text.setCharset(StandardCharsets.UTF_8);
        text.start();
        return text;
    }
  }
}
