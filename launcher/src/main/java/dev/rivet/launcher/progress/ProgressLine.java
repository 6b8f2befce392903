package dev.rivet.launcher.progress;

import dev.rivet.launcher.output.Numbers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text of the live display: one line per run, cut to the terminal's width. */
final class ProgressLine {
  /** How many in-flight chunks are named before the rest are counted. */
  private static final int NAMED_IN_FLIGHT = 4;

  private ProgressLine() {}

  /**
   * e.g. {@code orders chunks 3/8 rows 30,000 bytes 1.2 MiB rows/s 12,000 ETA 0:05 retries 0 in
   * flight: 3 (12s), 4 (2s); rows counted when written}.
   */
  static String render(ProgressSnapshot s, int width) {
    StringBuilder line = new StringBuilder();
    line.append(s.export())
        .append("  chunks ")
        .append(s.chunksDone())
        .append('/')
        .append(s.chunksTotal())
        .append("  rows ")
        .append(Numbers.grouped(s.rows()))
        .append("  bytes ")
        .append(s.bytes() < 0 ? "-" : Numbers.bytes(s.bytes()))
        .append("  rows/s ")
        .append(s.rowsPerSecond().map(Numbers::grouped).orElse("-"))
        .append("  ETA ")
        .append(s.eta().map(ProgressLine::clock).orElse("-"))
        .append("  retries ")
        .append(s.retries());
    List<InFlightChunk> inFlight = s.inFlight();
    if (!inFlight.isEmpty()) {
      line.append("  in flight: ")
          .append(
              inFlight.stream()
                  .limit(NAMED_IN_FLIGHT)
                  .map(ProgressLine::inFlight)
                  .collect(Collectors.joining(", ")));
      if (inFlight.size() > NAMED_IN_FLIGHT) {
        line.append(" +").append(inFlight.size() - NAMED_IN_FLIGHT);
      }
      line.append("; rows counted when written");
    }
    return width > 1 && line.length() >= width ? line.substring(0, width - 1) : line.toString();
  }

  private static String inFlight(InFlightChunk c) {
    String attempt = c.attempt() > 1 ? ", attempt " + c.attempt() : "";
    return c.chunk() + " (" + c.running().toSeconds() + "s" + attempt + ")";
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds >= 3600) {
      return String.format(
          Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
