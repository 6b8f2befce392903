package dev.rivet.launcher.progress;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.ShutdownHooks;
import org.jline.utils.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live display: JLine's status line at the bottom of the terminal on standard error, redrawn in
 * place while log lines scroll above it, and removed when the run ends.
 */
final class LiveDisplay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveDisplay.class);

  /** Redraws between two looks at the terminal's size (each look may start {@code stty}). */
  private static final int SIZE_EVERY = 10;

  private final Terminal terminal;
  private final Status status;

  /** Removes the line when the JVM ends mid-run (Ctrl-C): it must not stay on the terminal. */
  private final Thread onExit = new Thread(this::close, "rivet-progress-display-exit");

  private int redraws;
  private int width;
  private boolean closed;

  private LiveDisplay(Terminal terminal, Status status) {
    this.terminal = terminal;
    this.status = status;
    this.width = terminal.getWidth();
  }

  /**
   * The display on standard error, or empty when JLine finds no terminal there that supports it.
   */
  static Optional<LiveDisplay> open() {
    Terminal terminal = null;
    // JLine's own exit hook would close the terminal before ours removes the line (its hooks run
    // in an unspecified order): ours closes both, in that order.
    if (System.getProperty(ShutdownHooks.PROP_DISABLE_SHUTDOWN_HOOK) == null) {
      System.setProperty(ShutdownHooks.PROP_DISABLE_SHUTDOWN_HOOK, "true");
    }
    try {
      // No native signal handlers: Ctrl-C must stop the run as it does without the display.
      terminal =
          TerminalBuilder.builder()
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysErr)
              .nativeSignals(false)
              .dumb(false)
              .build();
      Status status = Status.getStatus(terminal, true);
      if (status == null || terminal.getWidth() <= 0) {
        terminal.close();
        return Optional.empty();
      }
      LiveDisplay display = new LiveDisplay(terminal, status);
      Runtime.getRuntime().addShutdownHook(display.onExit);
      return Optional.of(display);
    } catch (IOException | RuntimeException e) {
      LOG.debug("no live progress display: {}", e.toString());
      if (terminal != null) {
        try {
          terminal.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      return Optional.empty();
    }
  }

  synchronized void show(List<ProgressSnapshot> runs) {
    if (closed) {
      return;
    }
    if (redraws++ % SIZE_EVERY == 0) {
      Size size = terminal.getSize();
      if (size.getColumns() > 0 && size.getColumns() != width) {
        width = size.getColumns();
        status.resize(size);
      }
    }
    status.update(
        runs.stream().map(s -> new AttributedString(ProgressLine.render(s, width))).toList());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != onExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs (or ran) close() itself.
      }
    }
    try {
      status.update(List.of());
      status.close();
      terminal.flush();
      terminal.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the live progress display: {}", e.toString());
    }
  }
}
