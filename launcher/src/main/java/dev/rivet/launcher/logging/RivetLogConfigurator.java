package dev.rivet.launcher.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when nothing configured it yet (found through {@code META-INF/services}):
 * Rivet's quiet text lines on standard error, so code that logs before {@link Logging#configure}
 * runs, or without it (tests), never prints logback's DEBUG defaults.
 */
public final class RivetLogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    Logging.configure(context, LogFormat.TEXT);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
